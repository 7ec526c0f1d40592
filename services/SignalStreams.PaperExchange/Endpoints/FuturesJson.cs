using System.Globalization;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>USDⓈ-M futures answer shapes: orders, algo orders, trades; amounts printed plainly.</summary>
internal static class FuturesJson
{
    public static Dictionary<string, object?> Order(PaperOrder o, bool ack, bool query = false)
    {
        var json = new Dictionary<string, object?>
        {
            ["orderId"] = o.OrderId,
            ["symbol"] = o.Symbol,
            ["status"] = ack ? "NEW" : o.Status,
            ["clientOrderId"] = o.ClientOrderId,
            ["price"] = BinanceFormat.Plain(o.Price),
            ["avgPrice"] = ack ? "0.00" : BinanceFormat.Plain(o.AveragePrice),
            ["origQty"] = BinanceFormat.Plain(o.Quantity),
            ["executedQty"] = ack ? "0" : BinanceFormat.Plain(o.ExecutedQuantity),
            ["cumQty"] = ack ? "0" : BinanceFormat.Plain(o.ExecutedQuantity),
            ["cumQuote"] = ack ? "0" : BinanceFormat.Plain(o.CumulativeQuote),
            ["timeInForce"] = o.TimeInForce,
            ["type"] = o.Type,
            ["reduceOnly"] = o.ReduceOnly,
            ["closePosition"] = o.ClosePosition,
            ["side"] = o.SideText,
            ["positionSide"] = "BOTH",
            ["stopPrice"] = BinanceFormat.Plain(o.StopPrice),
            ["workingType"] = o.WorkingType,
            ["priceProtect"] = false,
            ["origType"] = o.Type,
            ["priceMatch"] = "NONE",
            ["selfTradePreventionMode"] = "EXPIRE_MAKER",
            ["goodTillDate"] = 0,
            ["updateTime"] = o.UpdateTime,
        };
        if (query)
        {
            json["time"] = o.Time;
        }

        return json;
    }

    public static Dictionary<string, object?> Algo(PaperOrder a, PaperOrder? actual = null)
    {
        var json = new Dictionary<string, object?>
        {
            ["algoId"] = a.OrderId,
            ["clientAlgoId"] = a.ClientOrderId,
            ["algoType"] = "CONDITIONAL",
            ["orderType"] = a.Type,
            ["symbol"] = a.Symbol,
            ["side"] = a.SideText,
            ["positionSide"] = "BOTH",
            ["timeInForce"] = a.TimeInForce,
            ["quantity"] = BinanceFormat.Plain(a.Quantity),
            ["algoStatus"] = a.Status,
            ["actualOrderId"] = a.ActualOrderId?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["actualPrice"] = BinanceFormat.Plain(actual?.AveragePrice ?? 0m),
            ["actualQty"] = BinanceFormat.Plain(actual?.ExecutedQuantity ?? 0m),
            ["actualType"] = actual?.Type ?? "",
            ["triggerPrice"] = BinanceFormat.Plain(a.StopPrice),
            ["price"] = BinanceFormat.Plain(a.Price),
            ["icebergQuantity"] = null,
            ["tpOrderType"] = "",
            ["selfTradePreventionMode"] = "EXPIRE_MAKER",
            ["workingType"] = a.WorkingType,
            ["priceMatch"] = "NONE",
            ["closePosition"] = a.ClosePosition,
            ["priceProtect"] = false,
            ["reduceOnly"] = a.ReduceOnly,
            ["activatePrice"] = "",
            ["callbackRate"] = "",
            ["createTime"] = a.Time,
            ["updateTime"] = a.UpdateTime,
            ["triggerTime"] = a.TriggerTime,
            ["goodTillDate"] = 0,
        };
        return json;
    }

    public static object Trade(PaperTrade t) => new
    {
        buyer = t.Side == SignalStreams.Contracts.OrderSide.Buy,
        commission = BinanceFormat.Plain(t.Commission),
        commissionAsset = t.CommissionAsset,
        id = t.Id,
        maker = t.Maker,
        orderId = t.OrderId,
        price = BinanceFormat.Plain(t.Price),
        qty = BinanceFormat.Plain(t.Quantity),
        quoteQty = BinanceFormat.Plain(t.QuoteQuantity),
        realizedPnl = BinanceFormat.Plain(t.RealizedPnl),
        side = t.Side == SignalStreams.Contracts.OrderSide.Buy ? "BUY" : "SELL",
        positionSide = "BOTH",
        symbol = t.Symbol,
        time = t.Time,
    };
}
