using SignalStreams.Contracts;

namespace SignalStreams.PaperExchange.State;

/// <summary>
/// An order the paper exchange accepted. <see cref="ApiKeyHint"/> tells accounts apart without showing the key.
/// Futures conditional orders (STOP_MARKET, TAKE_PROFIT_MARKET) live in the algo service as at Binance:
/// <see cref="IsAlgo"/>, <see cref="OrderId"/> is the algoId, <see cref="Status"/> an algo status, and the MARKET order
/// they place when triggered is a separate order (<see cref="ActualOrderId"/>).
/// </summary>
public sealed record PaperOrder
{
    public required long OrderId { get; init; }
    public required MarketType Market { get; init; }
    public required string ApiKeyHint { get; init; }
    public required string Symbol { get; init; }
    public required OrderSide Side { get; init; }
    public string Type { get; init; } = "MARKET";
    public required decimal Quantity { get; init; }
    public required string ClientOrderId { get; init; }

    /// <summary>Orders: NEW (open), PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED. Algo orders: NEW, TRIGGERED, FINISHED, CANCELED, EXPIRED, REJECTED.</summary>
    public required string Status { get; init; }
    public decimal ExecutedQuantity { get; init; }
    public decimal AveragePrice { get; init; }
    public decimal CumulativeQuote { get; init; }

    /// <summary>Limit price; 0 for market orders.</summary>
    public decimal Price { get; init; }

    /// <summary>Trigger price of stop / take-profit orders (Binance spot <c>stopPrice</c>, futures algo <c>triggerPrice</c>); 0 otherwise.</summary>
    public decimal StopPrice { get; init; }

    public string TimeInForce { get; init; } = "GTC";

    public bool ReduceOnly { get; init; }

    public bool ClosePosition { get; init; }

    /// <summary>Futures trigger price source: CONTRACT_PRICE (last) or MARK_PRICE.</summary>
    public string WorkingType { get; init; } = "CONTRACT_PRICE";

    /// <summary>Spot: the OCO it belongs to, else -1.</summary>
    public long OrderListId { get; init; } = -1;

    public bool IsAlgo { get; init; }

    /// <summary>Spot stop orders: true once triggered (then working as a market or limit order).</summary>
    public bool Triggered { get; init; }

    /// <summary>Algo order: the MARKET order placed when it triggered.</summary>
    public long? ActualOrderId { get; init; }

    /// <summary>Futures order placed by an algo order when it triggered.</summary>
    public long? ParentAlgoId { get; init; }

    public long TriggerTime { get; init; }

    public decimal Commission { get; init; }
    public string? CommissionAsset { get; init; }

    /// <summary>Futures: PnL realised by this order's fills (before commission).</summary>
    public decimal RealizedPnl { get; init; }

    /// <summary>Why an order expired: OCO_TRIGGER (spot sibling), REDUCE_ONLY (nothing left to reduce), INSUFFICIENT_BALANCES.</summary>
    public string? ExpiryReason { get; init; }

    /// <summary>Futures leverage in force; null for spot.</summary>
    public int? Leverage { get; init; }

    /// <summary>Exchange time of acceptance, ms since the epoch.</summary>
    public required long Time { get; init; }
    public long UpdateTime { get; init; }

    /// <summary>Spot: what this order holds locked until it executes or ends.</summary>
    public string LockedAsset { get; init; } = "";
    public decimal LockedAmount { get; init; }

    internal string ApiKey { get; init; } = "";

    public bool IsOpen => Status is "NEW" or "PARTIALLY_FILLED";

    /// <summary>Spot stop / take-profit orders wait for their trigger; futures algo orders always do.</summary>
    public bool IsConditional => IsAlgo || Type is "STOP_LOSS" or "STOP_LOSS_LIMIT" or "TAKE_PROFIT" or "TAKE_PROFIT_LIMIT";

    public string SideText => Side == OrderSide.Buy ? "BUY" : "SELL";
}
