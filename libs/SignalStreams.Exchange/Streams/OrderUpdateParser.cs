using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Binance;

namespace SignalStreams.Exchange.Streams;

/// <summary>Reads Binance's user data events (spot events may come wrapped as <c>{ "subscriptionId", "event" }</c>).</summary>
internal static class OrderUpdateParser
{
    /// <summary>The order update in <paramref name="json"/>, or null for other events (balances, list status, answers).</summary>
    public static OrderUpdate? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("event", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object)
        {
            root = wrapped;
        }

        var time = DateTimeOffset.FromUnixTimeMilliseconds(BinanceJson.Long(root, "E"));
        switch (BinanceJson.String(root, "e"))
        {
            case "executionReport":
                var cumulative = BinanceJson.Decimal(root, "z");
                return new OrderUpdate
                {
                    Market = MarketType.Spot,
                    Symbol = BinanceJson.String(root, "s") ?? "",
                    ClientOrderId = BinanceJson.String(root, "c") ?? "",
                    OrderId = BinanceJson.String(root, "i") ?? "",
                    Side = BinanceJson.String(root, "S") ?? "",
                    Type = BinanceJson.String(root, "o") ?? "",
                    ExecutionType = BinanceJson.String(root, "x") ?? "",
                    Status = BinanceJson.String(root, "X") ?? "",
                    LastQuantity = BinanceJson.Decimal(root, "l"),
                    LastPrice = BinanceJson.Decimal(root, "L"),
                    CumulativeQuantity = cumulative,
                    AveragePrice = cumulative > 0 ? BinanceJson.Decimal(root, "Z") / cumulative : 0m,
                    Commission = BinanceJson.Decimal(root, "n"),
                    CommissionAsset = root.TryGetProperty("N", out var asset) && asset.ValueKind == JsonValueKind.String ? asset.GetString() : null,
                    OrderListId = BinanceJson.Long(root, "g"),
                    EventTime = time,
                };
            case "ORDER_TRADE_UPDATE" when root.TryGetProperty("o", out var o):
                return new OrderUpdate
                {
                    Market = MarketType.Futures,
                    Symbol = BinanceJson.String(o, "s") ?? "",
                    ClientOrderId = BinanceJson.String(o, "c") ?? "",
                    OrderId = BinanceJson.String(o, "i") ?? "",
                    Side = BinanceJson.String(o, "S") ?? "",
                    Type = BinanceJson.String(o, "o") ?? "",
                    ExecutionType = BinanceJson.String(o, "x") ?? "",
                    Status = BinanceJson.String(o, "X") ?? "",
                    LastQuantity = BinanceJson.Decimal(o, "l"),
                    LastPrice = BinanceJson.Decimal(o, "L"),
                    CumulativeQuantity = BinanceJson.Decimal(o, "z"),
                    AveragePrice = BinanceJson.Decimal(o, "ap"),
                    RealizedPnl = BinanceJson.Decimal(o, "rp"),
                    Commission = BinanceJson.Decimal(o, "n"),
                    CommissionAsset = BinanceJson.String(o, "N"),
                    ReduceOnly = o.TryGetProperty("R", out var r) && r.ValueKind == JsonValueKind.True,
                    EventTime = time,
                };
            case "ALGO_UPDATE" when root.TryGetProperty("o", out var a):
                return new OrderUpdate
                {
                    Market = MarketType.Futures,
                    Symbol = BinanceJson.String(a, "s") ?? "",
                    ClientOrderId = BinanceJson.String(a, "caid") ?? "",
                    OrderId = BinanceJson.String(a, "aid") ?? "",
                    Side = BinanceJson.String(a, "S") ?? "",
                    Type = BinanceJson.String(a, "o") ?? "",
                    Status = BinanceJson.String(a, "X") ?? "",
                    CumulativeQuantity = BinanceJson.Decimal(a, "aq"),
                    AveragePrice = BinanceJson.Decimal(a, "ap"),
                    ReduceOnly = a.TryGetProperty("R", out var ro) && ro.ValueKind == JsonValueKind.True,
                    IsConditional = true,
                    ActualOrderId = BinanceJson.String(a, "ai") is { Length: > 0 } actual ? actual : null,
                    EventTime = time,
                };
            default:
                return null;
        }
    }
}
