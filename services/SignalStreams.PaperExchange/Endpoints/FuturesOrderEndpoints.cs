using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>SIGNED USDⓈ-M futures trading: MARKET and LIMIT orders, query, cancel, open orders, cancel all, user trades.</summary>
internal static class FuturesOrderEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/fapi/v1/order", (HttpContext c, PaperExchangeState s, PaperExchangeMetrics m) => RequestSigning.SignedAsync(c, s, (p, a) => PlaceAsync(c, s, m, p, a)));
        app.MapGet("/fapi/v1/order", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Query(s, p, a, openOnly: false)));
        app.MapGet("/fapi/v1/openOrder", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Query(s, p, a, openOnly: true)));
        app.MapDelete("/fapi/v1/order", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Cancel(s, p, a)));
        app.MapGet("/fapi/v1/openOrders", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) =>
            p["symbol"] is { } symbol && s.Symbol(MarketType.Futures, symbol) is null
                ? BinanceError.InvalidSymbol.ToResult()
                : Results.Json(s.Orders.OpenOf(a.ApiKey, MarketType.Futures, p["symbol"], algo: false).Select(o => FuturesJson.Order(o, ack: false, query: true)))));
        app.MapGet("/fapi/v1/allOrders", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) =>
            s.Symbol(MarketType.Futures, p["symbol"]) is null
                ? (p["symbol"] is null ? BinanceError.MissingParameter("symbol") : BinanceError.InvalidSymbol).ToResult()
                : Results.Json(s.Orders.OfAccount(a.ApiKey, MarketType.Futures, p["symbol"]!, algo: false).Select(o => FuturesJson.Order(o, ack: false, query: true)))));
        app.MapDelete("/fapi/v1/allOpenOrders", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => CancelAll(s, p, a, algo: false)));
        app.MapGet("/fapi/v1/userTrades", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => SpotOrderEndpoints.Trades(s, p, a, MarketType.Futures, FuturesJson.Trade)));
    }

    /// <summary>DELETE /fapi/v1/allOpenOrders and /fapi/v1/algoOpenOrders: <c>{ "code": 200, "msg": "..." }</c>.</summary>
    public static IResult CancelAll(PaperExchangeState state, BinanceParameters p, PaperAccount account, bool algo)
    {
        if (p["symbol"] is null)
        {
            return BinanceError.MissingParameter("symbol").ToResult();
        }

        if (state.Symbol(MarketType.Futures, p["symbol"]) is null)
        {
            return BinanceError.InvalidSymbol.ToResult();
        }

        lock (account.Sync)
        {
            foreach (var order in state.Orders.OpenOf(account.ApiKey, MarketType.Futures, p["symbol"], algo))
            {
                state.Fills.End(account, order, "CANCELED");
            }
        }

        return Results.Json(new { code = 200, msg = "The operation of cancel all open order is done." });
    }

    private static async Task<IResult> PlaceAsync(HttpContext context, PaperExchangeState state, PaperExchangeMetrics metrics, BinanceParameters p, PaperAccount account)
    {
        var (request, error) = OrderInput.Read(p, state, MarketType.Futures, "newClientOrderId", algo: false);
        if (request is null)
        {
            return error!.ToResult();
        }

        if (!OrderMatcher.FuturesTypes.Contains(request.Type))
        {
            // Since the algo service migration, conditional types are refused here with -4120.
            return (request.Type is "STOP" or "STOP_MARKET" or "TAKE_PROFIT" or "TAKE_PROFIT_MARKET" or "TRAILING_STOP_MARKET"
                ? BinanceError.UseAlgoEndpoint
                : BinanceError.InvalidOrderType).ToResult();
        }

        if (p["quantity"] is null)
        {
            return BinanceError.MissingParameter("quantity").ToResult();
        }

        var (order, refusal) = await state.Matcher.PlaceAsync(account, request);
        OrderInput.CountOrder(context, state, account, MarketType.Futures);
        metrics.Order(MarketType.Futures, accepted: order is not null);
        return order is null ? refusal!.ToResult() : Results.Json(FuturesJson.Order(order, ack: (p["newOrderRespType"] ?? "ACK") == "ACK"));
    }

    private static IResult Query(PaperExchangeState state, BinanceParameters p, PaperAccount account, bool openOnly)
    {
        if (p["symbol"] is null)
        {
            return BinanceError.MissingParameter("symbol").ToResult();
        }

        var (orderId, clientOrderId, error) = OrderInput.Ids(p);
        if (error is not null)
        {
            return error.ToResult();
        }

        var visibleUpTo = state.Clock.NowMs - state.Settings.LookupVisibilityDelayMs;
        var order = state.Orders.Find(account.ApiKey, MarketType.Futures, p["symbol"]!, orderId, clientOrderId, visibleUpTo);
        if (openOnly && order is { IsOpen: false })
        {
            return new BinanceError(400, -2013, "Order does not exist.").ToResult();
        }

        return order is null ? BinanceError.OrderDoesNotExist.ToResult() : Results.Json(FuturesJson.Order(order, ack: false, query: true));
    }

    private static IResult Cancel(PaperExchangeState state, BinanceParameters p, PaperAccount account)
    {
        if (p["symbol"] is null)
        {
            return BinanceError.MissingParameter("symbol").ToResult();
        }

        var (orderId, clientOrderId, error) = OrderInput.Ids(p);
        if (error is not null)
        {
            return error.ToResult();
        }

        lock (account.Sync)
        {
            var order = state.Orders.Find(account.ApiKey, MarketType.Futures, p["symbol"]!, orderId, clientOrderId, long.MaxValue);
            return order is { IsOpen: true }
                ? Results.Json(FuturesJson.Order(state.Fills.End(account, order, "CANCELED"), ack: false))
                : BinanceError.UnknownOrder.ToResult();
        }
    }
}
