using SignalStreams.Contracts;

namespace SignalStreams.Exchange;

/// <summary>
/// The trading rules of one symbol on one market, from exchangeInfo filters (PRICE_FILTER, LOT_SIZE,
/// MARKET_LOT_SIZE, MIN_NOTIONAL / NOTIONAL) and, for futures, the leverage brackets. A step of 0 means "no rule".
/// </summary>
public sealed record SymbolRules
{
    public required MarketType Market { get; init; }
    public required string Symbol { get; init; }
    public required string BaseAsset { get; init; }
    public required string QuoteAsset { get; init; }
    public string Status { get; init; } = "TRADING";

    public decimal TickSize { get; init; }

    /// <summary>LOT_SIZE.</summary>
    public decimal LotStepSize { get; init; }
    public decimal LotMinQty { get; init; }
    public decimal LotMaxQty { get; init; }

    /// <summary>MARKET_LOT_SIZE (spot often sends step 0 = "use LOT_SIZE").</summary>
    public decimal MarketStepSize { get; init; }
    public decimal MarketMinQty { get; init; }
    public decimal MarketMaxQty { get; init; }

    /// <summary>MIN_NOTIONAL.minNotional (spot, when applyToMarket), MIN_NOTIONAL.notional (futures) or NOTIONAL.minNotional (spot, when applyMinToMarket).</summary>
    public decimal MinNotional { get; init; }

    /// <summary>NOTIONAL.maxNotional (spot, when applyMaxToMarket); 0 = no limit.</summary>
    public decimal MaxNotional { get; init; }

    /// <summary>Futures: the highest leverage of the first bracket; null for spot or when not known.</summary>
    public int? MaxLeverage { get; init; }

    /// <summary>A MARKET order must satisfy both lot filters: the coarser of the two steps.</summary>
    public decimal EffectiveStepSize => Math.Max(LotStepSize, MarketStepSize);

    public decimal EffectiveMinQty => Math.Max(LotMinQty, MarketMinQty);

    /// <summary>The smaller non-zero maximum of the two lot filters; 0 = no limit.</summary>
    public decimal EffectiveMaxQty => (LotMaxQty, MarketMaxQty) switch
    {
        (0, var m) => m,
        (var l, 0) => l,
        var (l, m) => Math.Min(l, m),
    };
}
