using SignalStreams.Contracts;
using SignalStreams.PaperExchange.Options;

namespace SignalStreams.PaperExchange.State;

/// <summary>A symbol's rules on one market, as served in exchangeInfo and enforced on orders.</summary>
public sealed record PaperSymbol(
    MarketType Market,
    string Symbol,
    string BaseAsset,
    string QuoteAsset,
    decimal TickSize,
    decimal StepSize,
    decimal MinQty,
    decimal MaxQty,
    decimal MinNotional,
    int MaxLeverage)
{
    public static IEnumerable<PaperSymbol> From(PaperSymbolOptions o)
    {
        if (o.Spot)
        {
            yield return new PaperSymbol(MarketType.Spot, o.Symbol, o.BaseAsset, o.QuoteAsset, o.TickSize, o.SpotStepSize, o.SpotMinQty, o.SpotMaxQty, o.SpotMinNotional, 1);
        }

        if (o.Futures)
        {
            yield return new PaperSymbol(MarketType.Futures, o.Symbol, o.BaseAsset, o.QuoteAsset, o.TickSize, o.FuturesStepSize, o.FuturesMinQty, o.FuturesMaxQty, o.FuturesMinNotional, o.MaxLeverage);
        }
    }
}
