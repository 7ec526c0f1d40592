using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>
/// SIGNED USDⓈ-M conditional orders through the algo service (Binance moved STOP_MARKET / TAKE_PROFIT_MARKET there in
/// December 2025): new, query, cancel, open algo orders, cancel all, all algo orders.
/// </summary>
internal static class FuturesAlgoEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/fapi/v1/algoOrder", (HttpContext c, PaperExchangeState s, PaperExchangeMetrics m) => RequestSigning.SignedAsync(c, s, (p, a) => PlaceAsync(c, s, m, p, a)));
        app.MapGet("/fapi/v1/algoOrder", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Query(s, p, a)));
        app.MapDelete("/fapi/v1/algoOrder", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Cancel(s, p, a)));
        app.MapGet("/fapi/v1/openAlgoOrders", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) =>
            Results.Json(s.Orders.OpenOf(a.ApiKey, MarketType.Futures, p["symbol"], algo: true).Select(o => FuturesJson.Algo(o)))));
        app.MapGet("/fapi/v1/allAlgoOrders", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) =>
            s.Symbol(MarketType.Futures, p["symbol"]) is null
                ? (p["symbol"] is null ? BinanceError.MissingParameter("symbol") : BinanceError.InvalidSymbol).ToResult()
                : Results.Json(s.Orders.OfAccount(a.ApiKey, MarketType.Futures, p["symbol"]!, algo: true).Select(o => FuturesJson.Algo(o, Actual(s, o))))));
        app.MapDelete("/fapi/v1/algoOpenOrders", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => FuturesOrderEndpoints.CancelAll(s, p, a, algo: true)));
    }

    private static async Task<IResult> PlaceAsync(HttpContext context, PaperExchangeState state, PaperExchangeMetrics metrics, BinanceParameters p, PaperAccount account)
    {
        if (p["algoType"] is not { } algoType)
        {
            return BinanceError.MissingParameter("algoType").ToResult();
        }

        if (algoType != "CONDITIONAL")
        {
            return BinanceError.IllegalParameter("algoType", "CONDITIONAL").ToResult();
        }

        var (request, error) = OrderInput.Read(p, state, MarketType.Futures, "clientAlgoId", algo: true);
        if (request is null)
        {
            return error!.ToResult();
        }

        if (!OrderMatcher.AlgoTypes.Contains(request.Type))
        {
            return BinanceError.InvalidOrderType.ToResult();
        }

        error = (request.ClosePosition, p["quantity"], p["reduceOnly"]) switch
        {
            (true, not null, _) => new BinanceError(400, -1106, "Parameter 'quantity' sent when not required."),
            (true, _, not null) => new BinanceError(400, -1106, "Parameter 'reduceOnly' sent when not required."),
            (false, null, _) => BinanceError.MissingParameter("quantity"),
            _ => null,
        };
        if (error is not null)
        {
            return error.ToResult();
        }

        var (order, refusal) = await state.Matcher.PlaceAsync(account, request);
        OrderInput.CountOrder(context, state, account, MarketType.Futures);
        metrics.Order(MarketType.Futures, accepted: order is not null);
        return order is null ? refusal!.ToResult() : Results.Json(FuturesJson.Algo(order));
    }

    private static IResult Query(PaperExchangeState state, BinanceParameters p, PaperAccount account)
    {
        var (algoId, clientAlgoId, error) = OrderInput.Ids(p, "algoId", "clientAlgoId");
        if (error is not null)
        {
            return error.ToResult();
        }

        var visibleUpTo = state.Clock.NowMs - state.Settings.LookupVisibilityDelayMs;
        var order = state.Orders.Find(account.ApiKey, MarketType.Futures, null, algoId, clientAlgoId, visibleUpTo, algo: true);
        return order is null ? BinanceError.OrderDoesNotExist.ToResult() : Results.Json(FuturesJson.Algo(order, Actual(state, order)));
    }

    private static IResult Cancel(PaperExchangeState state, BinanceParameters p, PaperAccount account)
    {
        var (algoId, clientAlgoId, error) = OrderInput.Ids(p, "algoId", "clientAlgoId");
        if (error is not null)
        {
            return error.ToResult();
        }

        lock (account.Sync)
        {
            var order = state.Orders.Find(account.ApiKey, MarketType.Futures, null, algoId, clientAlgoId, long.MaxValue, algo: true);
            if (order is not { IsOpen: true })
            {
                return BinanceError.UnknownOrder.ToResult();
            }

            state.Fills.End(account, order, "CANCELED");
            return Results.Json(new { algoId = order.OrderId, clientAlgoId = order.ClientOrderId, code = "200", msg = "success" });
        }
    }

    private static PaperOrder? Actual(PaperExchangeState state, PaperOrder algo) => algo.ActualOrderId is { } id ? state.Orders.ById(id) : null;
}
