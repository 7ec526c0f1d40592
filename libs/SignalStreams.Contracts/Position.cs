using System.Text.Json.Serialization;

namespace SignalStreams.Contracts;

/// <summary>A user's position opened by an executed signal (<c>position.v1</c>), keyed <c>{userId}:{positionId}</c>.</summary>
public sealed record Position
{
    public required string PositionId { get; init; }
    public required string UserId { get; init; }
    public required string SignalId { get; init; }
    public required string Symbol { get; init; }
    public required MarketType Market { get; init; }
    public required OrderSide Side { get; init; }
    public required decimal Quantity { get; init; }
    public required decimal EntryPrice { get; init; }
    public int? Leverage { get; init; }
    public PositionStatus Status { get; init; } = PositionStatus.Open;
    public required DateTimeOffset OpenedAt { get; init; }

    // The additions of issue 13 are omitted while absent, so an OPEN position reads exactly as position.v1 always did.

    /// <summary>Trigger price of the protective stop on the exchange; absent = no stop (none asked or protection NONE).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? StopLoss { get; init; }

    /// <summary>Trigger price of the protective take-profit on the exchange; absent = none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? TakeProfit { get; init; }

    /// <summary>clientOrderId of the stop-loss order (deterministic from signal, user and kind).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopLossOrderId { get; init; }

    /// <summary>clientOrderId of the take-profit order (for a spot OCO pair: the list's clientOrderId; a spot take-profit alone: its own order's).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TakeProfitOrderId { get; init; }

    /// <summary>clientOrderId of the reduce-only market order that closed the position (source-closed, manual).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CloseOrderId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ClosedAt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? ExitPrice { get; init; }

    /// <summary>Realized profit or loss in the quote asset, fees excluded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? RealizedPnl { get; init; }

    /// <summary>Realized PnL in percent of the entry notional (leverage not applied).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? RealizedPnlPercent { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PositionCloseReason? CloseReason { get; init; }

    /// <summary>One sentence on anything unusual in the position's life, e.g. a stop already crossed at the fill.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The record\'s Kafka key (not part of the JSON value).</summary>
    [JsonIgnore]
    public string Key => $"{UserId}:{PositionId}";
}
