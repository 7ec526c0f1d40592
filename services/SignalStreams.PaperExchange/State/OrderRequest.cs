using SignalStreams.Contracts;

namespace SignalStreams.PaperExchange.State;

/// <summary>A new order as the endpoints parsed it; the matcher checks it against the rules and the account.</summary>
public sealed record OrderRequest
{
    public required PaperSymbol Symbol { get; init; }
    public required OrderSide Side { get; init; }

    /// <summary>Binance order type, e.g. MARKET, LIMIT, STOP_LOSS, STOP_MARKET.</summary>
    public required string Type { get; init; }
    public required string ClientOrderId { get; init; }

    /// <summary>0 when not sent (futures closePosition orders).</summary>
    public decimal Quantity { get; init; }
    public decimal Price { get; init; }
    public decimal StopPrice { get; init; }
    public string? TimeInForce { get; init; }
    public bool ReduceOnly { get; init; }
    public bool ClosePosition { get; init; }
    public string WorkingType { get; init; } = "CONTRACT_PRICE";

    /// <summary>Placed through /fapi/v1/algoOrder.</summary>
    public bool Algo { get; init; }
    public long OrderListId { get; init; } = -1;

    public MarketType Market => Symbol.Market;
}
