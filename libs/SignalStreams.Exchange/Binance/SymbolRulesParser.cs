using System.Text.Json;
using SignalStreams.Contracts;

namespace SignalStreams.Exchange.Binance;

/// <summary>Reads one <c>symbols[]</c> entry of exchangeInfo into <see cref="SymbolRules"/>.</summary>
internal static class SymbolRulesParser
{
    public static SymbolRules Parse(MarketType market, JsonElement symbol)
    {
        var rules = new SymbolRules
        {
            Market = market,
            Symbol = BinanceJson.String(symbol, "symbol") ?? "",
            BaseAsset = BinanceJson.String(symbol, "baseAsset") ?? "",
            QuoteAsset = BinanceJson.String(symbol, "quoteAsset") ?? "",
            Status = BinanceJson.String(symbol, "status") ?? "TRADING",
        };
        if (!symbol.TryGetProperty("filters", out var filters))
        {
            return rules;
        }

        foreach (var filter in filters.EnumerateArray())
        {
            rules = BinanceJson.String(filter, "filterType") switch
            {
                "PRICE_FILTER" => rules with { TickSize = BinanceJson.Decimal(filter, "tickSize") },
                "LOT_SIZE" => rules with
                {
                    LotStepSize = BinanceJson.Decimal(filter, "stepSize"),
                    LotMinQty = BinanceJson.Decimal(filter, "minQty"),
                    LotMaxQty = BinanceJson.Decimal(filter, "maxQty"),
                },
                "MARKET_LOT_SIZE" => rules with
                {
                    MarketStepSize = BinanceJson.Decimal(filter, "stepSize"),
                    MarketMinQty = BinanceJson.Decimal(filter, "minQty"),
                    MarketMaxQty = BinanceJson.Decimal(filter, "maxQty"),
                },
                // Futures: { notional }; old spot: { minNotional, applyToMarket }.
                "MIN_NOTIONAL" when market == MarketType.Futures => rules with { MinNotional = BinanceJson.Decimal(filter, "notional") },
                "MIN_NOTIONAL" when Flag(filter, "applyToMarket") => rules with { MinNotional = Math.Max(rules.MinNotional, BinanceJson.Decimal(filter, "minNotional")) },
                "NOTIONAL" => rules with
                {
                    MinNotional = Flag(filter, "applyMinToMarket") ? Math.Max(rules.MinNotional, BinanceJson.Decimal(filter, "minNotional")) : rules.MinNotional,
                    MaxNotional = Flag(filter, "applyMaxToMarket") ? BinanceJson.Decimal(filter, "maxNotional") : rules.MaxNotional,
                },
                _ => rules,
            };
        }

        return rules;
    }

    private static bool Flag(JsonElement filter, string name) =>
        !filter.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.False;
}
