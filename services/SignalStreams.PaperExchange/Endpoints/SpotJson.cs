using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>Spot answer shapes: order (ACK / RESULT / FULL, query, cancel), order list and trade, amounts with 8 decimals.</summary>
internal static class SpotJson
{
    public static object Placed(PaperOrder o, string respType, IEnumerable<PaperTrade> fills) => respType switch
    {
        "ACK" => new Dictionary<string, object?> { ["symbol"] = o.Symbol, ["orderId"] = o.OrderId, ["orderListId"] = o.OrderListId, ["clientOrderId"] = o.ClientOrderId, ["transactTime"] = o.Time },
        "RESULT" => Result(o),
        _ => Result(o).With("fills", fills.Select(t => new
        {
            price = BinanceFormat.Spot(t.Price),
            qty = BinanceFormat.Spot(t.Quantity),
            commission = BinanceFormat.Spot(t.Commission),
            commissionAsset = t.CommissionAsset,
            tradeId = t.Id,
        }).ToList()),
    };

    public static Dictionary<string, object?> Result(PaperOrder o)
    {
        var json = new Dictionary<string, object?>
        {
            ["symbol"] = o.Symbol,
            ["orderId"] = o.OrderId,
            ["orderListId"] = o.OrderListId,
            ["clientOrderId"] = o.ClientOrderId,
            ["transactTime"] = o.Time,
            ["price"] = BinanceFormat.Spot(o.Price),
            ["origQty"] = BinanceFormat.Spot(o.Quantity),
            ["executedQty"] = BinanceFormat.Spot(o.ExecutedQuantity),
            ["origQuoteOrderQty"] = BinanceFormat.Spot(0m),
            ["cummulativeQuoteQty"] = BinanceFormat.Spot(o.CumulativeQuote),
            ["status"] = o.Status,
            ["timeInForce"] = o.TimeInForce,
            ["type"] = o.Type,
            ["side"] = o.SideText,
            ["workingTime"] = Working(o) ? o.Time : -1,
            ["selfTradePreventionMode"] = "EXPIRE_MAKER",
        };
        return o.IsConditional ? json.With("stopPrice", BinanceFormat.Spot(o.StopPrice)) : json;
    }

    public static Dictionary<string, object?> Query(PaperOrder o) => new()
    {
        ["symbol"] = o.Symbol,
        ["orderId"] = o.OrderId,
        ["orderListId"] = o.OrderListId,
        ["clientOrderId"] = o.ClientOrderId,
        ["price"] = BinanceFormat.Spot(o.Price),
        ["origQty"] = BinanceFormat.Spot(o.Quantity),
        ["executedQty"] = BinanceFormat.Spot(o.ExecutedQuantity),
        ["cummulativeQuoteQty"] = BinanceFormat.Spot(o.CumulativeQuote),
        ["status"] = o.Status,
        ["timeInForce"] = o.TimeInForce,
        ["type"] = o.Type,
        ["side"] = o.SideText,
        ["stopPrice"] = BinanceFormat.Spot(o.StopPrice),
        ["icebergQty"] = BinanceFormat.Spot(0m),
        ["time"] = o.Time,
        ["updateTime"] = o.UpdateTime,
        ["isWorking"] = Working(o),
        ["workingTime"] = Working(o) ? o.Time : -1,
        ["origQuoteOrderQty"] = BinanceFormat.Spot(0m),
        ["selfTradePreventionMode"] = "EXPIRE_MAKER",
    };

    public static Dictionary<string, object?> Cancelled(PaperOrder o, string cancelClientOrderId, long now)
    {
        var json = Result(o);
        json.Remove("workingTime");
        json["transactTime"] = now;
        json["clientOrderId"] = cancelClientOrderId;
        return new Dictionary<string, object?> { ["symbol"] = o.Symbol, ["origClientOrderId"] = o.ClientOrderId }.Concat(json.Where(p => p.Key != "symbol"))
            .ToDictionary(p => p.Key, p => p.Value);
    }

    public static object List(PaperOrderList list, IReadOnlyList<PaperOrder> orders, IEnumerable<object> reports) => new
    {
        orderListId = list.OrderListId,
        contingencyType = "OCO",
        listStatusType = list.ListStatusType,
        listOrderStatus = list.ListOrderStatus,
        listClientOrderId = list.ListClientOrderId,
        transactionTime = list.TransactionTime,
        symbol = list.Symbol,
        orders = orders.Select(o => new { symbol = o.Symbol, orderId = o.OrderId, clientOrderId = o.ClientOrderId }).ToList(),
        orderReports = reports.ToList(),
    };

    /// <summary>The list without orderReports (GET /api/v3/orderList, openOrderList), orders with their clientOrderIds.</summary>
    public static object ListQuery(PaperOrderList list, Func<long, PaperOrder?> order) => new
    {
        orderListId = list.OrderListId,
        contingencyType = "OCO",
        listStatusType = list.ListStatusType,
        listOrderStatus = list.ListOrderStatus,
        listClientOrderId = list.ListClientOrderId,
        transactionTime = list.TransactionTime,
        symbol = list.Symbol,
        orders = list.OrderIds.Select(id => new { symbol = list.Symbol, orderId = id, clientOrderId = order(id)?.ClientOrderId ?? "" }).ToList(),
    };

    public static object Trade(PaperTrade t) => new
    {
        symbol = t.Symbol,
        id = t.Id,
        orderId = t.OrderId,
        orderListId = t.OrderListId,
        price = BinanceFormat.Spot(t.Price),
        qty = BinanceFormat.Spot(t.Quantity),
        quoteQty = BinanceFormat.Spot(t.QuoteQuantity),
        commission = BinanceFormat.Spot(t.Commission),
        commissionAsset = t.CommissionAsset,
        time = t.Time,
        isBuyer = t.Side == SignalStreams.Contracts.OrderSide.Buy,
        isMaker = t.Maker,
        isBestMatch = true,
    };

    private static bool Working(PaperOrder o) => !o.IsConditional || o.Triggered;

    private static Dictionary<string, object?> With(this Dictionary<string, object?> json, string key, object? value)
    {
        json[key] = value;
        return json;
    }
}
