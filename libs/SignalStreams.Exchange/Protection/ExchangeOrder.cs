using SignalStreams.Contracts;

namespace SignalStreams.Exchange.Protection;

/// <summary>An order as the exchange reports it (query, open orders): regular orders and futures conditional (algo) orders.</summary>
public sealed record ExchangeOrder
{
    public required MarketType Market { get; init; }
    public required string Symbol { get; init; }

    /// <summary>orderId, or algoId for a conditional futures order.</summary>
    public required string OrderId { get; init; }

    /// <summary>clientOrderId, or clientAlgoId.</summary>
    public required string ClientOrderId { get; init; }
    public required string Type { get; init; }
    public required string Side { get; init; }

    /// <summary>Order status (NEW, FILLED, CANCELED, EXPIRED...) or algo status (NEW, TRIGGERED, FINISHED, CANCELED, EXPIRED, REJECTED).</summary>
    public required string Status { get; init; }
    public decimal Quantity { get; init; }
    public decimal ExecutedQuantity { get; init; }
    public decimal AveragePrice { get; init; }
    public decimal StopPrice { get; init; }
    public bool ReduceOnly { get; init; }
    public bool ClosePosition { get; init; }
    public bool IsConditional { get; init; }

    /// <summary>Spot: the OCO it belongs to, else -1.</summary>
    public long OrderListId { get; init; } = -1;

    /// <summary>Algo order: the MARKET order it placed when triggered.</summary>
    public string? ActualOrderId { get; init; }

    /// <summary>Still working: NEW or PARTIALLY_FILLED.</summary>
    public bool IsOpen => Status is "NEW" or "PARTIALLY_FILLED";
}
