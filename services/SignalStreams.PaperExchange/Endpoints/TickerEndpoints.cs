using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>
/// Public 24h statistics (<c>GET /api/v3/ticker/24hr</c>, <c>GET /fapi/v1/ticker/24hr</c>) from the price feed's last
/// 24 hours and the paper exchange's own trades, and the futures mark price (<c>GET /fapi/v1/premiumIndex</c>).
/// </summary>
internal static class TickerEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v3/ticker/24hr", (HttpContext c, PaperExchangeState s) => Day24Async(c, s, MarketType.Spot));
        app.MapGet("/fapi/v1/ticker/24hr", (HttpContext c, PaperExchangeState s) => Day24Async(c, s, MarketType.Futures));
        app.MapGet("/fapi/v1/premiumIndex", async (HttpContext c, PaperExchangeState s) =>
        {
            var p = await BinanceParameters.ReadAsync(c);
            object Row(PaperSymbol symbol) => new
            {
                symbol = symbol.Symbol,
                markPrice = BinanceFormat.Plain(s.Prices.Mark(symbol.Symbol) ?? 0m),
                indexPrice = BinanceFormat.Plain(s.Prices.Get(symbol.Symbol) ?? 0m),
                estimatedSettlePrice = BinanceFormat.Plain(s.Prices.Get(symbol.Symbol) ?? 0m),
                lastFundingRate = "0.00000000",
                interestRate = "0.00000000",
                nextFundingTime = 0,
                time = s.Clock.NowMs,
            };
            return p["symbol"] is { } wanted
                ? s.Symbol(MarketType.Futures, wanted) is { } one ? Results.Json(Row(one)) : BinanceError.InvalidSymbol.ToResult()
                : Results.Json(s.Symbols(MarketType.Futures).Select(Row).ToList());
        });
    }

    private static async Task<IResult> Day24Async(HttpContext context, PaperExchangeState state, MarketType market)
    {
        var p = await BinanceParameters.ReadAsync(context);
        if (p["symbol"] is { } wanted)
        {
            return state.Symbol(market, wanted) is { } symbol ? Results.Json(Row(state, symbol)) : BinanceError.InvalidSymbol.ToResult();
        }

        var names = p["symbols"] is { } list
            ? list.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim().Trim('"')).ToHashSet(StringComparer.Ordinal)
            : null;
        if (names is not null && names.Any(n => state.Symbol(market, n) is null))
        {
            return BinanceError.InvalidSymbol.ToResult();
        }

        return Results.Json(state.Symbols(market).Where(s => names is null || names.Contains(s.Symbol)).Select(s => Row(state, s)).ToList());
    }

    private static Dictionary<string, object?> Row(PaperExchangeState state, PaperSymbol symbol)
    {
        var spot = symbol.Market == MarketType.Spot;
        Func<decimal, string> text = spot ? BinanceFormat.Spot : BinanceFormat.Plain;
        var last = state.Prices.Get(symbol.Symbol) ?? 0m;
        var (open, high, low, openTime) = state.Prices.Day24(symbol.Symbol);
        var trades = state.Stats.Day24(symbol.Market, symbol.Symbol);
        var change = last - open;
        var json = new Dictionary<string, object?>
        {
            ["symbol"] = symbol.Symbol,
            ["priceChange"] = text(change),
            ["priceChangePercent"] = open == 0 ? "0.000" : Math.Round(change / open * 100m, 3).ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
            ["weightedAvgPrice"] = text(trades.Volume > 0 ? Math.Round(trades.QuoteVolume / trades.Volume, 8) : last),
        };
        if (spot)
        {
            json["prevClosePrice"] = text(open);
        }

        json["lastPrice"] = text(last);
        json["lastQty"] = text(trades.LastQuantity);
        if (spot)
        {
            // No order book is modelled: the best bid and ask are the last price.
            json["bidPrice"] = text(last);
            json["bidQty"] = text(0m);
            json["askPrice"] = text(last);
            json["askQty"] = text(0m);
        }

        json["openPrice"] = text(open);
        json["highPrice"] = text(high);
        json["lowPrice"] = text(low);
        json["volume"] = text(trades.Volume);
        json["quoteVolume"] = text(trades.QuoteVolume);
        json["openTime"] = openTime;
        json["closeTime"] = state.Clock.NowMs;
        json["firstId"] = trades.FirstId;
        json["lastId"] = trades.LastId;
        json["count"] = trades.Count;
        return json;
    }
}
