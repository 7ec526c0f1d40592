using System.Globalization;
using System.Text.RegularExpressions;
using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>SIGNED endpoints: MARKET orders and their lookup, leverage, balances.</summary>
internal static partial class TradingEndpoints
{
    private const string ClientOrderIdRule = "^[\\.A-Z\\:/a-z0-9_-]{1,36}$";

    [GeneratedRegex(ClientOrderIdRule)]
    private static partial Regex ClientOrderIdPattern();

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v3/order", (HttpContext c, PaperExchangeState s, OrderMatcher m, PaperExchangeMetrics metrics) => PlaceAsync(c, s, m, metrics, MarketType.Spot));
        app.MapPost("/fapi/v1/order", (HttpContext c, PaperExchangeState s, OrderMatcher m, PaperExchangeMetrics metrics) => PlaceAsync(c, s, m, metrics, MarketType.Futures));
        app.MapGet("/api/v3/order", (HttpContext c, PaperExchangeState s) => QueryAsync(c, s, MarketType.Spot));
        app.MapGet("/fapi/v1/order", (HttpContext c, PaperExchangeState s) => QueryAsync(c, s, MarketType.Futures));
        AccountEndpoints.Map(app);
    }

    private static async Task<IResult> PlaceAsync(HttpContext context, PaperExchangeState state, OrderMatcher matcher, PaperExchangeMetrics metrics, MarketType market)
    {
        var p = await BinanceParameters.ReadAsync(context);
        var (account, error) = RequestSigning.Verify(context, p, state);
        if (account is null)
        {
            return error!.ToResult();
        }

        var symbol = state.Symbol(market, p["symbol"]);
        var side = p["side"] switch { "BUY" => OrderSide.Buy, "SELL" => OrderSide.Sell, _ => (OrderSide?)null };
        var clientOrderId = p["newClientOrderId"] ?? (market == MarketType.Spot ? "paper" : "web_") + Guid.NewGuid().ToString("N")[..20];
        error = (p["symbol"], symbol, p["side"], side, p["type"], p["quantity"]) switch
        {
            (null, _, _, _, _, _) => BinanceError.MissingParameter("symbol"),
            (_, null, _, _, _, _) => BinanceError.InvalidSymbol,
            (_, _, null, _, _, _) => BinanceError.MissingParameter("side"),
            (_, _, _, null, _, _) => BinanceError.InvalidSide,
            (_, _, _, _, null, _) => BinanceError.MissingParameter("type"),
            (_, _, _, _, not "MARKET", _) => BinanceError.InvalidOrderType,
            (_, _, _, _, _, null) => BinanceError.MissingParameter("quantity"),
            _ when !ClientOrderIdPattern().IsMatch(clientOrderId) => BinanceError.IllegalParameter("newClientOrderId", ClientOrderIdRule),
            _ when !decimal.TryParse(p["quantity"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) => BinanceError.IllegalParameter("quantity", "^([0-9]{1,20})(\\.[0-9]{1,20})?$"),
            _ => null,
        };
        if (error is not null)
        {
            return error.ToResult();
        }

        var quantity = decimal.Parse(p["quantity"]!, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var (order, refusal) = await matcher.PlaceMarketAsync(account, symbol!, side!.Value, quantity, clientOrderId);
        CountOrder(context, state, account, market);
        metrics.Order(market == MarketType.Spot ? "SPOT" : "FUTURES", filled: order is not null);
        if (order is null)
        {
            return refusal!.ToResult();
        }

        var respType = p["newOrderRespType"] ?? (market == MarketType.Spot ? "FULL" : "ACK");
        return Results.Json(market == MarketType.Spot ? SpotOrderJson(order, respType, symbol!) : FuturesOrderJson(order, respType == "ACK"));
    }

    private static async Task<IResult> QueryAsync(HttpContext context, PaperExchangeState state, MarketType market)
    {
        var p = await BinanceParameters.ReadAsync(context);
        var (account, error) = RequestSigning.Verify(context, p, state);
        if (account is null)
        {
            return error!.ToResult();
        }

        if (p["symbol"] is null)
        {
            return BinanceError.MissingParameter("symbol").ToResult();
        }

        long? orderId = long.TryParse(p["orderId"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        var clientOrderId = p["origClientOrderId"];
        if (orderId is null && clientOrderId is null)
        {
            return new BinanceError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!").ToResult();
        }

        var visibleUpTo = state.Clock.NowMs - state.Settings.LookupVisibilityDelayMs;
        var order = state.Orders.Find(account.ApiKey, market, p["symbol"]!, orderId, clientOrderId, visibleUpTo);
        return order is null
            ? BinanceError.OrderDoesNotExist.ToResult()
            : Results.Json(market == MarketType.Spot ? SpotQueryJson(order) : FuturesOrderJson(order, ack: false, query: true));
    }

    private static void CountOrder(HttpContext context, PaperExchangeState state, PaperAccount account, MarketType market)
    {
        var scope = account.KeyHint;
        foreach (var interval in market == MarketType.Spot ? new[] { "10s", "1d" } : ["1m"])
        {
            var count = state.Rates.Add(scope + market, interval, 1);
            context.Response.Headers["X-MBX-ORDER-COUNT-" + interval.ToUpperInvariant()] = count.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static object SpotOrderJson(PaperOrder o, string respType, PaperSymbol symbol) => respType switch
    {
        "ACK" => new { symbol = o.Symbol, orderId = o.OrderId, orderListId = -1, clientOrderId = o.ClientOrderId, transactTime = o.Time },
        "RESULT" => SpotResult(o, fills: null),
        _ => SpotResult(o, fills: o.ExecutedQuantity > 0
            ? [new { price = BinanceFormat.Spot(o.AveragePrice), qty = BinanceFormat.Spot(o.ExecutedQuantity), commission = BinanceFormat.Spot(0m), commissionAsset = symbol.QuoteAsset, tradeId = o.OrderId }]
            : []),
    };

    private static Dictionary<string, object?> SpotResult(PaperOrder o, object[]? fills)
    {
        var json = new Dictionary<string, object?>
        {
            ["symbol"] = o.Symbol,
            ["orderId"] = o.OrderId,
            ["orderListId"] = -1,
            ["clientOrderId"] = o.ClientOrderId,
            ["transactTime"] = o.Time,
            ["price"] = BinanceFormat.Spot(0m),
            ["origQty"] = BinanceFormat.Spot(o.Quantity),
            ["executedQty"] = BinanceFormat.Spot(o.ExecutedQuantity),
            ["cummulativeQuoteQty"] = BinanceFormat.Spot(o.CumulativeQuote),
            ["status"] = o.Status,
            ["timeInForce"] = "GTC",
            ["type"] = o.Type,
            ["side"] = o.Side == OrderSide.Buy ? "BUY" : "SELL",
            ["workingTime"] = o.Time,
            ["selfTradePreventionMode"] = "EXPIRE_MAKER",
        };
        if (fills is not null)
        {
            json["fills"] = fills;
        }

        return json;
    }

    private static object SpotQueryJson(PaperOrder o) => new
    {
        symbol = o.Symbol,
        orderId = o.OrderId,
        orderListId = -1,
        clientOrderId = o.ClientOrderId,
        price = BinanceFormat.Spot(0m),
        origQty = BinanceFormat.Spot(o.Quantity),
        executedQty = BinanceFormat.Spot(o.ExecutedQuantity),
        cummulativeQuoteQty = BinanceFormat.Spot(o.CumulativeQuote),
        status = o.Status,
        timeInForce = "GTC",
        type = o.Type,
        side = o.Side == OrderSide.Buy ? "BUY" : "SELL",
        stopPrice = BinanceFormat.Spot(0m),
        icebergQty = BinanceFormat.Spot(0m),
        time = o.Time,
        updateTime = o.UpdateTime,
        isWorking = true,
        workingTime = o.Time,
        origQuoteOrderQty = BinanceFormat.Spot(0m),
        selfTradePreventionMode = "EXPIRE_MAKER",
    };

    private static Dictionary<string, object?> FuturesOrderJson(PaperOrder o, bool ack, bool query = false)
    {
        var json = new Dictionary<string, object?>
        {
            ["orderId"] = o.OrderId,
            ["symbol"] = o.Symbol,
            ["status"] = ack ? "NEW" : o.Status,
            ["clientOrderId"] = o.ClientOrderId,
            ["price"] = "0",
            ["avgPrice"] = ack ? "0.00" : BinanceFormat.Plain(o.AveragePrice),
            ["origQty"] = BinanceFormat.Plain(o.Quantity),
            ["executedQty"] = ack ? "0" : BinanceFormat.Plain(o.ExecutedQuantity),
            ["cumQty"] = ack ? "0" : BinanceFormat.Plain(o.ExecutedQuantity),
            ["cumQuote"] = ack ? "0" : BinanceFormat.Plain(o.CumulativeQuote),
            ["timeInForce"] = "GTC",
            ["type"] = o.Type,
            ["reduceOnly"] = false,
            ["closePosition"] = false,
            ["side"] = o.Side == OrderSide.Buy ? "BUY" : "SELL",
            ["positionSide"] = "BOTH",
            ["stopPrice"] = "0",
            ["workingType"] = "CONTRACT_PRICE",
            ["priceProtect"] = false,
            ["origType"] = o.Type,
            ["updateTime"] = o.UpdateTime,
        };
        if (query)
        {
            json["time"] = o.Time;
        }

        return json;
    }
}
