using SignalStreams.Contracts;

namespace SignalStreams.Exchange.Streams;

/// <summary>
/// One order event from a user data stream: spot <c>executionReport</c>, futures <c>ORDER_TRADE_UPDATE</c>, or futures
/// <c>ALGO_UPDATE</c> (<see cref="IsConditional"/>; its <see cref="OrderId"/> is the algoId).
/// </summary>
public sealed record OrderUpdate
{
    public required MarketType Market { get; init; }
    public required string Symbol { get; init; }
    public required string ClientOrderId { get; init; }
    public required string OrderId { get; init; }
    public required string Side { get; init; }
    public required string Type { get; init; }

    /// <summary>x: NEW, TRADE, CANCELED, EXPIRED... (empty for algo updates).</summary>
    public string ExecutionType { get; init; } = "";

    /// <summary>X: order status, or algo status for conditional orders.</summary>
    public required string Status { get; init; }
    public decimal LastQuantity { get; init; }
    public decimal LastPrice { get; init; }
    public decimal CumulativeQuantity { get; init; }

    /// <summary>Average fill price (futures ap; spot Z / z).</summary>
    public decimal AveragePrice { get; init; }

    /// <summary>Futures rp: realised profit of this trade, before commission.</summary>
    public decimal RealizedPnl { get; init; }
    public decimal Commission { get; init; }
    public string? CommissionAsset { get; init; }
    public bool ReduceOnly { get; init; }
    public bool IsConditional { get; init; }

    /// <summary>Spot: the OCO it belongs to (g), else -1.</summary>
    public long OrderListId { get; init; } = -1;

    /// <summary>Algo update: the MARKET order placed when triggered (ai).</summary>
    public string? ActualOrderId { get; init; }
    public DateTimeOffset EventTime { get; init; }

    /// <summary>The order executed completely (FILLED) or an algo order's triggered order finished (FINISHED).</summary>
    public bool IsFilled => Status is "FILLED" or "FINISHED";
}
