using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>SIGNED spot trading: new / query / cancel order, open orders, cancel all, all orders, my trades.</summary>
internal static class SpotOrderEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v3/order", (HttpContext c, PaperExchangeState s, PaperExchangeMetrics m) => RequestSigning.SignedAsync(c, s, (p, a) => PlaceAsync(c, s, m, p, a)));
        app.MapGet("/api/v3/order", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Query(s, p, a)));
        app.MapDelete("/api/v3/order", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Cancel(s, p, a)));
        app.MapGet("/api/v3/openOrders", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) =>
            p["symbol"] is { } symbol && s.Symbol(MarketType.Spot, symbol) is null
                ? BinanceError.InvalidSymbol.ToResult()
                : Results.Json(s.Orders.OpenOf(a.ApiKey, MarketType.Spot, p["symbol"], algo: false).Select(SpotJson.Query))));
        app.MapDelete("/api/v3/openOrders", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => CancelAll(s, p, a)));
        app.MapGet("/api/v3/allOrders", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) =>
            s.Symbol(MarketType.Spot, p["symbol"]) is null
                ? (p["symbol"] is null ? BinanceError.MissingParameter("symbol") : BinanceError.InvalidSymbol).ToResult()
                : Results.Json(s.Orders.OfAccount(a.ApiKey, MarketType.Spot, p["symbol"]!, algo: false).Select(SpotJson.Query))));
        app.MapGet("/api/v3/myTrades", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Trades(s, p, a, MarketType.Spot, SpotJson.Trade)));
    }

    /// <summary>Shared by /api/v3/myTrades and /fapi/v1/userTrades: symbol required, orderId / fromId / limit optional.</summary>
    public static IResult Trades(PaperExchangeState state, BinanceParameters p, PaperAccount account, MarketType market, Func<PaperTrade, object> json)
    {
        if (p["symbol"] is null)
        {
            return BinanceError.MissingParameter("symbol").ToResult();
        }

        if (state.Symbol(market, p["symbol"]) is null)
        {
            return BinanceError.InvalidSymbol.ToResult();
        }

        var trades = account.Trades().Where(t => t.Market == market && t.Symbol == p["symbol"]
            && (p.Long("orderId") is not { } orderId || t.OrderId == orderId)
            && (p.Long("fromId") is not { } fromId || t.Id >= fromId)
            && (p.Long("startTime") is not { } start || t.Time >= start)
            && (p.Long("endTime") is not { } end || t.Time <= end)).ToList();
        var limit = (int)Math.Clamp(p.Long("limit") ?? 500, 1, 1000);
        // Most recent trades unless fromId asks for a starting point, oldest first either way.
        var page = p.Long("fromId") is null ? trades.TakeLast(limit) : trades.Take(limit);
        return Results.Json(page.Select(json));
    }

    private static async Task<IResult> PlaceAsync(HttpContext context, PaperExchangeState state, PaperExchangeMetrics metrics, BinanceParameters p, PaperAccount account)
    {
        var (request, error) = OrderInput.Read(p, state, MarketType.Spot, "newClientOrderId", algo: false);
        if (request is null)
        {
            return error!.ToResult();
        }

        if (!OrderMatcher.SpotTypes.Contains(request.Type))
        {
            return BinanceError.InvalidOrderType.ToResult();
        }

        var (quoteQuantity, quoteError) = p.Decimal("quoteOrderQty");
        if (quoteError is not null)
        {
            return quoteError.ToResult();
        }

        if (p["quantity"] is null)
        {
            if (request.Type != "MARKET" || quoteQuantity <= 0)
            {
                return BinanceError.MissingParameter("quantity").ToResult();
            }

            // quoteOrderQty: as much base as the quote amount buys (or must be sold for it), on the lot step.
            var price = state.Prices.Get(request.Symbol.Symbol) ?? 0m;
            var step = request.Symbol.StepSize;
            request = request with { Quantity = price <= 0 ? 0m : step > 0 ? Math.Floor(quoteQuantity / price / step) * step : quoteQuantity / price };
        }

        var (order, refusal) = await state.Matcher.PlaceAsync(account, request);
        OrderInput.CountOrder(context, state, account, MarketType.Spot);
        metrics.Order(MarketType.Spot, accepted: order is not null);
        if (order is null)
        {
            return refusal!.ToResult();
        }

        var respType = p["newOrderRespType"] ?? (request.Type is "MARKET" or "LIMIT" ? "FULL" : "ACK");
        return Results.Json(SpotJson.Placed(order, respType, account.Trades().Where(t => t.Market == MarketType.Spot && t.OrderId == order.OrderId)));
    }

    private static IResult Query(PaperExchangeState state, BinanceParameters p, PaperAccount account)
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
        var order = state.Orders.Find(account.ApiKey, MarketType.Spot, p["symbol"]!, orderId, clientOrderId, visibleUpTo);
        return order is null ? BinanceError.OrderDoesNotExist.ToResult() : Results.Json(SpotJson.Query(order));
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
            var order = state.Orders.Find(account.ApiKey, MarketType.Spot, p["symbol"]!, orderId, clientOrderId, long.MaxValue);
            if (order is not { IsOpen: true })
            {
                return BinanceError.UnknownOrder.ToResult();
            }

            if (order.OrderListId >= 0 && state.Orders.List(order.OrderListId) is { } list)
            {
                state.Fills.CancelList(account, list);
            }
            else
            {
                state.Fills.End(account, order, "CANCELED");
            }

            var cancelled = state.Orders.ById(order.OrderId)!;
            return Results.Json(SpotJson.Cancelled(cancelled, p["newClientOrderId"] ?? OrderInput.NewClientId(MarketType.Spot), state.Clock.NowMs));
        }
    }

    private static IResult CancelAll(PaperExchangeState state, BinanceParameters p, PaperAccount account)
    {
        if (p["symbol"] is null)
        {
            return BinanceError.MissingParameter("symbol").ToResult();
        }

        if (state.Symbol(MarketType.Spot, p["symbol"]) is null)
        {
            return BinanceError.InvalidSymbol.ToResult();
        }

        var cancelId = p["newClientOrderId"] ?? OrderInput.NewClientId(MarketType.Spot);
        var answers = new List<object>();
        lock (account.Sync)
        {
            var open = state.Orders.OpenOf(account.ApiKey, MarketType.Spot, p["symbol"], algo: false);
            if (open.Count == 0)
            {
                return BinanceError.UnknownOrder.ToResult();
            }

            foreach (var order in open.Where(o => o.OrderListId < 0))
            {
                answers.Add(SpotJson.Cancelled(state.Fills.End(account, order, "CANCELED"), cancelId, state.Clock.NowMs));
            }

            foreach (var listId in open.Where(o => o.OrderListId >= 0).Select(o => o.OrderListId).Distinct())
            {
                var list = state.Fills.CancelList(account, state.Orders.List(listId)!);
                var legs = list.OrderIds.Select(id => state.Orders.ById(id)!).ToList();
                answers.Add(SpotJson.List(list, legs, legs.Select(o => SpotJson.Cancelled(o, cancelId, state.Clock.NowMs))));
            }
        }

        return Results.Json(answers);
    }
}
