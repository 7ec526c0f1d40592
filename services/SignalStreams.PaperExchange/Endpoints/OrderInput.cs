using System.Globalization;
using System.Text.RegularExpressions;
using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>Reads the common order parameters (symbol, side, type, quantity, prices, ids) with Binance's error codes.</summary>
internal static partial class OrderInput
{
    public const string ClientOrderIdRule = "^[\\.A-Z\\:/a-z0-9_-]{1,36}$";

    [GeneratedRegex(ClientOrderIdRule)]
    private static partial Regex ClientOrderIdPattern();

    public static bool IsClientOrderId(string id) => ClientOrderIdPattern().IsMatch(id);

    /// <summary>A new client id when none was sent, in the style of each market ("paper…" spot, "web_…" futures).</summary>
    public static string NewClientId(MarketType market) => (market == MarketType.Spot ? "paper" : "web_") + Guid.NewGuid().ToString("N")[..20];

    /// <summary>Parses one order; <paramref name="clientIdParameter"/> is newClientOrderId or clientAlgoId.</summary>
    public static (OrderRequest? Request, BinanceError? Error) Read(BinanceParameters p, PaperExchangeState state, MarketType market, string clientIdParameter, bool algo)
    {
        var symbol = state.Symbol(market, p["symbol"]);
        var side = p["side"] switch { "BUY" => OrderSide.Buy, "SELL" => OrderSide.Sell, _ => (OrderSide?)null };
        var clientOrderId = p[clientIdParameter] ?? NewClientId(market);
        var (quantity, quantityError) = p.Decimal("quantity");
        var (price, priceError) = p.Decimal("price");
        var (stop, stopError) = p.Decimal(algo ? "triggerPrice" : "stopPrice");
        var error = (p["symbol"], symbol, p["side"], side, p["type"]) switch
        {
            (null, _, _, _, _) => BinanceError.MissingParameter("symbol"),
            (_, null, _, _, _) => BinanceError.InvalidSymbol,
            (_, _, null, _, _) => BinanceError.MissingParameter("side"),
            (_, _, _, null, _) => BinanceError.InvalidSide,
            (_, _, _, _, null) => BinanceError.MissingParameter("type"),
            _ when !IsClientOrderId(clientOrderId) => BinanceError.IllegalParameter(clientIdParameter, ClientOrderIdRule),
            _ => quantityError ?? priceError ?? stopError,
        };
        if (error is not null)
        {
            return (null, error);
        }

        if (p["positionSide"] is { } positionSide && positionSide != "BOTH")
        {
            return (null, new BinanceError(400, -4061, "Order's position side does not match user's setting."));
        }

        var workingType = p["workingType"] ?? "CONTRACT_PRICE";
        if (workingType is not ("CONTRACT_PRICE" or "MARK_PRICE"))
        {
            return (null, BinanceError.IllegalParameter("workingType", "CONTRACT_PRICE|MARK_PRICE"));
        }

        return (new OrderRequest
        {
            Symbol = symbol!,
            Side = side!.Value,
            Type = p["type"]!,
            ClientOrderId = clientOrderId,
            Quantity = quantity,
            Price = price,
            StopPrice = stop,
            TimeInForce = p["timeInForce"],
            ReduceOnly = p.Flag("reduceOnly"),
            ClosePosition = p.Flag("closePosition"),
            WorkingType = workingType,
            Algo = algo,
        }, null);
    }

    /// <summary>orderId and/or origClientOrderId of a query or cancel; -1102 when neither was sent.</summary>
    public static (long? OrderId, string? ClientOrderId, BinanceError? Error) Ids(BinanceParameters p, string idName = "orderId", string clientIdName = "origClientOrderId")
    {
        long? orderId = long.TryParse(p[idName], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        var clientOrderId = p[clientIdName];
        return orderId is null && clientOrderId is null
            ? (null, null, new BinanceError(400, -1102, $"Param '{clientIdName}' or '{idName}' must be sent, but both were empty/null!"))
            : (orderId, clientOrderId, null);
    }

    public static void CountOrder(HttpContext context, PaperExchangeState state, PaperAccount account, MarketType market)
    {
        foreach (var interval in market == MarketType.Spot ? new[] { "10s", "1d" } : ["1m"])
        {
            var count = state.Rates.Add(account.KeyHint + market, interval, 1);
            context.Response.Headers["X-MBX-ORDER-COUNT-" + interval.ToUpperInvariant()] = count.ToString(CultureInfo.InvariantCulture);
        }
    }
}
