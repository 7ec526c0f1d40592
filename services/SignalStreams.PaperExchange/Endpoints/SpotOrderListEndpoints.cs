using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>
/// SIGNED spot order lists: <c>POST /api/v3/orderList/oco</c> (the current OCO endpoint; the deprecated
/// <c>POST /api/v3/order/oco</c> is not served), cancel, query and open lists.
/// </summary>
internal static class SpotOrderListEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v3/orderList/oco", (HttpContext c, PaperExchangeState s, PaperExchangeMetrics m) => RequestSigning.SignedAsync(c, s, (p, a) => Place(c, s, m, p, a)));
        app.MapDelete("/api/v3/orderList", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Cancel(s, p, a)));
        app.MapGet("/api/v3/orderList", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Query(s, p, a)));
        app.MapGet("/api/v3/openOrderList", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) =>
            Results.Json(s.Orders.Lists().Where(l => l.ApiKey == a.ApiKey && l.IsOpen).Select(l => SpotJson.ListQuery(l, s.Orders.ById)))));
    }

    private static IResult Place(HttpContext context, PaperExchangeState state, PaperExchangeMetrics metrics, BinanceParameters p, PaperAccount account)
    {
        var symbol = state.Symbol(MarketType.Spot, p["symbol"]);
        var side = p["side"] switch { "BUY" => OrderSide.Buy, "SELL" => OrderSide.Sell, _ => (OrderSide?)null };
        var (quantity, quantityError) = p.Decimal("quantity");
        var error = (p["symbol"], symbol, p["side"], side, p["quantity"], p["aboveType"], p["belowType"]) switch
        {
            (null, _, _, _, _, _, _) => BinanceError.MissingParameter("symbol"),
            (_, null, _, _, _, _, _) => BinanceError.InvalidSymbol,
            (_, _, null, _, _, _, _) => BinanceError.MissingParameter("side"),
            (_, _, _, null, _, _, _) => BinanceError.InvalidSide,
            (_, _, _, _, null, _, _) => BinanceError.MissingParameter("quantity"),
            (_, _, _, _, _, null, _) => BinanceError.MissingParameter("aboveType"),
            (_, _, _, _, _, _, null) => BinanceError.MissingParameter("belowType"),
            _ => quantityError,
        };
        var (above, aboveError) = Leg(p, "above");
        var (below, belowError) = Leg(p, "below");
        var listClientOrderId = p["listClientOrderId"] ?? OrderInput.NewClientId(MarketType.Spot);
        error ??= aboveError ?? belowError ?? (OrderInput.IsClientOrderId(listClientOrderId) ? null : BinanceError.IllegalParameter("listClientOrderId", OrderInput.ClientOrderIdRule));
        if (error is not null)
        {
            return error.ToResult();
        }

        var (list, orders, refusal) = state.Matcher.PlaceOco(account, symbol!, side!.Value, quantity, listClientOrderId, above!, below!);
        OrderInput.CountOrder(context, state, account, MarketType.Spot);
        metrics.Order(MarketType.Spot, accepted: list is not null);
        if (list is null)
        {
            return refusal!.ToResult();
        }

        var respType = p["newOrderRespType"] ?? "FULL";
        return Results.Json(SpotJson.List(list, orders, orders.Select(o => respType == "ACK" ? SpotJson.Placed(o, "ACK", []) : SpotJson.Result(o))));
    }

    private static (OcoLeg? Leg, BinanceError? Error) Leg(BinanceParameters p, string prefix)
    {
        var (price, priceError) = p.Decimal(prefix + "Price");
        var (stop, stopError) = p.Decimal(prefix + "StopPrice");
        var clientOrderId = p[prefix + "ClientOrderId"] ?? OrderInput.NewClientId(MarketType.Spot);
        if ((priceError ?? stopError) is { } error)
        {
            return (null, error);
        }

        if (!OrderInput.IsClientOrderId(clientOrderId))
        {
            return (null, BinanceError.IllegalParameter(prefix + "ClientOrderId", OrderInput.ClientOrderIdRule));
        }

        var type = p[prefix + "Type"] ?? "";
        if (type is "STOP_LOSS_LIMIT" or "TAKE_PROFIT_LIMIT" && p[prefix + "TimeInForce"] is null)
        {
            return (null, BinanceError.MissingParameter(prefix + "TimeInForce"));
        }

        return (new OcoLeg(type, price, stop, p[prefix + "TimeInForce"], clientOrderId), null);
    }

    private static IResult Cancel(PaperExchangeState state, BinanceParameters p, PaperAccount account)
    {
        if (p["symbol"] is null)
        {
            return BinanceError.MissingParameter("symbol").ToResult();
        }

        var (listId, listClientOrderId, error) = OrderInput.Ids(p, "orderListId", "listClientOrderId");
        if (error is not null)
        {
            return error.ToResult();
        }

        lock (account.Sync)
        {
            if (state.Orders.FindList(account.ApiKey, p["symbol"]!, listId, listClientOrderId) is not { IsOpen: true } list)
            {
                return new BinanceError(400, -2011, "Order list does not exist.").ToResult();
            }

            var done = state.Fills.CancelList(account, list);
            var legs = done.OrderIds.Select(id => state.Orders.ById(id)!).ToList();
            var cancelId = p["newClientOrderId"] ?? OrderInput.NewClientId(MarketType.Spot);
            return Results.Json(SpotJson.List(done, legs, legs.Select(o => SpotJson.Cancelled(o, cancelId, state.Clock.NowMs))));
        }
    }

    private static IResult Query(PaperExchangeState state, BinanceParameters p, PaperAccount account)
    {
        var (listId, listClientOrderId, error) = OrderInput.Ids(p, "orderListId", "origClientOrderId");
        if (error is not null)
        {
            return error.ToResult();
        }

        var list = state.Orders.Lists().LastOrDefault(l => l.ApiKey == account.ApiKey
            && (listId is null || l.OrderListId == listId) && (listClientOrderId is null || l.ListClientOrderId == listClientOrderId));
        return list is null ? new BinanceError(400, -2011, "Order list does not exist.").ToResult() : Results.Json(SpotJson.ListQuery(list, state.Orders.ById));
    }
}
