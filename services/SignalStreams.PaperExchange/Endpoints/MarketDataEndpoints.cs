using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>Public endpoints: server time, exchangeInfo with real filter shapes and the order types accepted, ticker prices.</summary>
internal static class MarketDataEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v3/time", (PaperExchangeState s) => Results.Json(new { serverTime = s.Clock.NowMs }));
        app.MapGet("/fapi/v1/time", (PaperExchangeState s) => Results.Json(new { serverTime = s.Clock.NowMs }));
        app.MapGet("/api/v3/exchangeInfo", (HttpContext c, PaperExchangeState s) => ExchangeInfo(c, s, MarketType.Spot));
        app.MapGet("/fapi/v1/exchangeInfo", (HttpContext c, PaperExchangeState s) => ExchangeInfo(c, s, MarketType.Futures));
        app.MapGet("/api/v3/ticker/price", (HttpContext c, PaperExchangeState s) => Ticker(c, s, MarketType.Spot));
        app.MapGet("/fapi/v2/ticker/price", (HttpContext c, PaperExchangeState s) => Ticker(c, s, MarketType.Futures));
        app.MapGet("/fapi/v1/ticker/price", (HttpContext c, PaperExchangeState s) => Ticker(c, s, MarketType.Futures));
    }

    private static async Task<IResult> ExchangeInfo(HttpContext context, PaperExchangeState state, MarketType market)
    {
        var parameters = await BinanceParameters.ReadAsync(context);
        var symbols = state.Symbols(market).ToList();
        if (parameters["symbol"] is { } wanted)
        {
            symbols = symbols.Where(s => s.Symbol == wanted).ToList();
            if (symbols.Count == 0)
            {
                return BinanceError.InvalidSymbol.ToResult();
            }
        }

        return Results.Json(new
        {
            timezone = "UTC",
            serverTime = state.Clock.NowMs,
            rateLimits = new object[]
            {
                new { rateLimitType = "REQUEST_WEIGHT", interval = "MINUTE", intervalNum = 1, limit = market == MarketType.Spot ? 6000 : 2400 },
                new { rateLimitType = "ORDERS", interval = "SECOND", intervalNum = 10, limit = market == MarketType.Spot ? 100 : 300 },
            },
            exchangeFilters = Array.Empty<object>(),
            symbols = symbols.Select(s => market == MarketType.Spot ? SpotSymbol(s) : FuturesSymbol(s)),
        });
    }

    private static object SpotSymbol(PaperSymbol s) => new
    {
        symbol = s.Symbol,
        status = "TRADING",
        baseAsset = s.BaseAsset,
        baseAssetPrecision = 8,
        quoteAsset = s.QuoteAsset,
        quotePrecision = 8,
        quoteAssetPrecision = 8,
        orderTypes = State.OrderMatcher.SpotTypes,
        icebergAllowed = false,
        ocoAllowed = true,
        otoAllowed = false,
        quoteOrderQtyMarketAllowed = true,
        allowTrailingStop = false,
        cancelReplaceAllowed = false,
        isSpotTradingAllowed = true,
        isMarginTradingAllowed = false,
        filters = new object[]
        {
            new { filterType = "PRICE_FILTER", minPrice = BinanceFormat.Spot(s.TickSize), maxPrice = BinanceFormat.Spot(1_000_000m), tickSize = BinanceFormat.Spot(s.TickSize) },
            new { filterType = "LOT_SIZE", minQty = BinanceFormat.Spot(s.MinQty), maxQty = BinanceFormat.Spot(s.MaxQty), stepSize = BinanceFormat.Spot(s.StepSize) },
            new { filterType = "MARKET_LOT_SIZE", minQty = BinanceFormat.Spot(0m), maxQty = BinanceFormat.Spot(s.MaxQty), stepSize = BinanceFormat.Spot(0m) },
            new { filterType = "NOTIONAL", minNotional = BinanceFormat.Spot(s.MinNotional), applyMinToMarket = true, maxNotional = BinanceFormat.Spot(9_000_000m), applyMaxToMarket = false, avgPriceMins = 5 },
        },
        permissions = Array.Empty<string>(),
    };

    private static object FuturesSymbol(PaperSymbol s) => new
    {
        symbol = s.Symbol,
        pair = s.Symbol,
        contractType = "PERPETUAL",
        status = "TRADING",
        baseAsset = s.BaseAsset,
        quoteAsset = s.QuoteAsset,
        marginAsset = s.QuoteAsset,
        pricePrecision = OrderPlannerDecimals(s.TickSize),
        quantityPrecision = OrderPlannerDecimals(s.StepSize),
        // Conditional types are placed through POST /fapi/v1/algoOrder; exchangeInfo lists them as Binance does.
        orderTypes = State.OrderMatcher.FuturesTypes.Concat(State.OrderMatcher.AlgoTypes).ToArray(),
        timeInForce = new[] { "GTC" },
        triggerProtect = "0.0500",
        filters = new object[]
        {
            new { filterType = "PRICE_FILTER", minPrice = BinanceFormat.Plain(s.TickSize), maxPrice = "1000000", tickSize = BinanceFormat.Plain(s.TickSize) },
            new { filterType = "LOT_SIZE", minQty = BinanceFormat.Plain(s.MinQty), maxQty = BinanceFormat.Plain(s.MaxQty), stepSize = BinanceFormat.Plain(s.StepSize) },
            new { filterType = "MARKET_LOT_SIZE", minQty = BinanceFormat.Plain(s.MinQty), maxQty = BinanceFormat.Plain(s.MaxQty), stepSize = BinanceFormat.Plain(s.StepSize) },
            new { filterType = "MIN_NOTIONAL", notional = BinanceFormat.Plain(s.MinNotional) },
        },
    };

    private static int OrderPlannerDecimals(decimal step) => SignalStreams.Exchange.Planning.OrderPlanner.DecimalsOf(step);

    private static async Task<IResult> Ticker(HttpContext context, PaperExchangeState state, MarketType market)
    {
        var parameters = await BinanceParameters.ReadAsync(context);
        var now = state.Clock.NowMs;
        object Row(PaperSymbol s) => market == MarketType.Spot
            ? new { symbol = s.Symbol, price = BinanceFormat.Spot(state.Prices.Get(s.Symbol) ?? 0m) }
            : new { symbol = s.Symbol, price = BinanceFormat.Plain(state.Prices.Get(s.Symbol) ?? 0m), time = now };
        if (parameters["symbol"] is { } wanted)
        {
            return state.Symbol(market, wanted) is { } symbol ? Results.Json(Row(symbol)) : BinanceError.InvalidSymbol.ToResult();
        }

        return Results.Json(state.Symbols(market).Select(Row));
    }
}
