using System.Text.Json.Nodes;
using SignalStreams.PaperExchange.Endpoints;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Streams;

/// <summary>
/// User data stream events with Binance's field names: spot <c>executionReport</c>, <c>outboundAccountPosition</c>,
/// <c>listStatus</c>; futures <c>ORDER_TRADE_UPDATE</c>, <c>ACCOUNT_UPDATE</c>, <c>ALGO_UPDATE</c>.
/// </summary>
internal static class UserEventJson
{
    /// <summary>One execution of an order: x = NEW, TRADE, CANCELED, EXPIRED; the fill fields are set for TRADE.</summary>
    public sealed record Execution(string Type, decimal LastQuantity = 0m, decimal LastPrice = 0m, decimal Commission = 0m, string? CommissionAsset = null, long TradeId = -1, bool Maker = false, decimal RealizedPnl = 0m);

    public static JsonObject ExecutionReport(PaperOrder o, Execution x, long now) => new JsonObject
    {
        ["e"] = "executionReport",
        ["E"] = now,
        ["s"] = o.Symbol,
        ["c"] = o.ClientOrderId,
        ["S"] = o.SideText,
        ["o"] = o.Type,
        ["f"] = o.TimeInForce,
        ["q"] = BinanceFormat.Spot(o.Quantity),
        ["p"] = BinanceFormat.Spot(o.Price),
        ["P"] = BinanceFormat.Spot(o.StopPrice),
        ["F"] = BinanceFormat.Spot(0m),
        ["g"] = o.OrderListId,
        ["C"] = "",
        ["x"] = x.Type,
        ["X"] = o.Status,
        ["r"] = "NONE",
        ["i"] = o.OrderId,
        ["l"] = BinanceFormat.Spot(x.LastQuantity),
        ["z"] = BinanceFormat.Spot(o.ExecutedQuantity),
        ["L"] = BinanceFormat.Spot(x.LastPrice),
        ["n"] = BinanceFormat.Spot(x.Commission),
        ["N"] = x.CommissionAsset,
        ["T"] = o.UpdateTime,
        ["t"] = x.TradeId,
        ["I"] = o.UpdateTime,
        ["w"] = o.IsOpen && (!o.IsConditional || o.Triggered),
        ["m"] = x.Maker,
        ["M"] = false,
        ["O"] = o.Time,
        ["Z"] = BinanceFormat.Spot(o.CumulativeQuote),
        ["Y"] = BinanceFormat.Spot(x.LastQuantity * x.LastPrice),
        ["Q"] = BinanceFormat.Spot(0m),
        ["W"] = o.Time,
        ["V"] = "EXPIRE_MAKER",
    }.WithExpiry(o.ExpiryReason);

    public static JsonObject AccountPosition(PaperAccount account, IEnumerable<string> assets, long now) => new()
    {
        ["e"] = "outboundAccountPosition",
        ["E"] = now,
        ["u"] = now,
        ["B"] = new JsonArray(assets.Distinct(StringComparer.Ordinal).Select(a => (JsonNode)new JsonObject
        {
            ["a"] = a,
            ["f"] = BinanceFormat.Spot(account.Spot(a)),
            ["l"] = BinanceFormat.Spot(account.Locked(a)),
        }).ToArray()),
    };

    public static JsonObject ListStatus(PaperOrderList list, long now) => new()
    {
        ["e"] = "listStatus",
        ["E"] = now,
        ["s"] = list.Symbol,
        ["g"] = list.OrderListId,
        ["c"] = "OCO",
        ["l"] = list.ListStatusType,
        ["L"] = list.ListOrderStatus,
        ["r"] = "NONE",
        ["C"] = list.ListClientOrderId,
        ["T"] = now,
        ["O"] = new JsonArray(list.OrderIds.Select(id => (JsonNode)new JsonObject { ["s"] = list.Symbol, ["i"] = id, ["c"] = "" }).ToArray()),
    };

    public static JsonObject OrderTradeUpdate(PaperOrder o, Execution x, long now) => new()
    {
        ["e"] = "ORDER_TRADE_UPDATE",
        ["E"] = now,
        ["T"] = now,
        ["o"] = new JsonObject
        {
            ["s"] = o.Symbol,
            ["c"] = o.ClientOrderId,
            ["S"] = o.SideText,
            ["o"] = o.Type,
            ["f"] = o.TimeInForce,
            ["q"] = BinanceFormat.Plain(o.Quantity),
            ["p"] = BinanceFormat.Plain(o.Price),
            ["ap"] = BinanceFormat.Plain(o.AveragePrice),
            ["sp"] = BinanceFormat.Plain(o.StopPrice),
            ["x"] = x.Type,
            ["X"] = o.Status,
            ["i"] = o.OrderId,
            ["l"] = BinanceFormat.Plain(x.LastQuantity),
            ["z"] = BinanceFormat.Plain(o.ExecutedQuantity),
            ["L"] = BinanceFormat.Plain(x.LastPrice),
            ["N"] = x.CommissionAsset ?? "USDT",
            ["n"] = BinanceFormat.Plain(x.Commission),
            ["T"] = o.UpdateTime,
            ["t"] = x.TradeId < 0 ? 0 : x.TradeId,
            ["b"] = "0",
            ["a"] = "0",
            ["m"] = x.Maker,
            ["R"] = o.ReduceOnly,
            ["wt"] = o.WorkingType,
            ["ot"] = o.Type,
            ["ps"] = "BOTH",
            ["cp"] = o.ClosePosition,
            ["rp"] = BinanceFormat.Plain(x.RealizedPnl),
            ["pP"] = false,
            ["si"] = 0,
            ["ss"] = 0,
            ["V"] = "EXPIRE_MAKER",
            ["pm"] = "NONE",
            ["gtd"] = 0,
        },
    };

    public static JsonObject AccountUpdate(PaperAccount account, string asset, decimal balanceChange, PaperPosition? position, decimal markPrice, long now)
    {
        var positions = new JsonArray();
        if (position is not null)
        {
            positions.Add(new JsonObject
            {
                ["s"] = position.Symbol,
                ["pa"] = BinanceFormat.Plain(position.Amount),
                ["ep"] = BinanceFormat.Plain(position.EntryPrice),
                ["bep"] = BinanceFormat.Plain(position.EntryPrice),
                ["cr"] = BinanceFormat.Plain(position.RealizedPnl),
                ["up"] = BinanceFormat.Plain(position.UnrealizedPnl(markPrice)),
                ["mt"] = "cross",
                ["iw"] = "0",
                ["ps"] = "BOTH",
            });
        }

        return new JsonObject
        {
            ["e"] = "ACCOUNT_UPDATE",
            ["E"] = now,
            ["T"] = now,
            ["a"] = new JsonObject
            {
                ["m"] = "ORDER",
                ["B"] = new JsonArray(new JsonObject
                {
                    ["a"] = asset,
                    ["wb"] = BinanceFormat.Plain(account.Futures(asset)),
                    ["cw"] = BinanceFormat.Plain(account.Futures(asset)),
                    ["bc"] = BinanceFormat.Plain(balanceChange),
                }),
                ["P"] = positions,
            },
        };
    }

    public static JsonObject AlgoUpdate(PaperOrder a, PaperOrder? actual, string? rejectReason, long now) => new()
    {
        ["e"] = "ALGO_UPDATE",
        ["T"] = now,
        ["E"] = now,
        ["o"] = new JsonObject
        {
            ["caid"] = a.ClientOrderId,
            ["aid"] = a.OrderId,
            ["at"] = "CONDITIONAL",
            ["o"] = a.Type,
            ["s"] = a.Symbol,
            ["S"] = a.SideText,
            ["ps"] = "BOTH",
            ["f"] = a.TimeInForce,
            ["q"] = BinanceFormat.Plain(a.Quantity),
            ["X"] = a.Status,
            ["ai"] = actual?.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["ap"] = BinanceFormat.Plain(actual?.AveragePrice ?? 0m),
            ["aq"] = BinanceFormat.Plain(actual?.ExecutedQuantity ?? 0m),
            ["act"] = actual?.Type ?? "",
            ["tp"] = BinanceFormat.Plain(a.StopPrice),
            ["p"] = BinanceFormat.Plain(a.Price),
            ["V"] = "EXPIRE_MAKER",
            ["wt"] = a.WorkingType,
            ["pm"] = "NONE",
            ["cp"] = a.ClosePosition,
            ["pP"] = false,
            ["R"] = a.ReduceOnly,
            ["tt"] = a.TriggerTime,
            ["gtd"] = 0,
            ["rm"] = rejectReason ?? "",
        },
    };

    private static JsonObject WithExpiry(this JsonObject json, string? reason)
    {
        if (reason is not null)
        {
            json["eR"] = reason;
        }

        return json;
    }
}
