using System.Text.Json.Serialization;

namespace SignalStreams.Contracts;

/// <summary>
/// One user's attempt at one signal (<c>signal-execution.v1</c>), keyed <c>{signalId}:{userId}</c> and written
/// to the partition of the userId. pending → executed | failed; at most one per (signal, user) is executed.
/// </summary>
public sealed record SignalExecution
{
    public required string SignalId { get; init; }
    public required string UserId { get; init; }
    public string? UserEmail { get; init; }
    public required ExecutionStatus Status { get; init; }
    public required string ClientOrderId { get; init; }
    public DateTimeOffset? ExecutedAt { get; init; }
    public decimal? ActualEntryPrice { get; init; }
    public decimal? Quantity { get; init; }
    public int? Leverage { get; init; }
    public string? OrderId { get; init; }
    public string? PositionId { get; init; }

    /// <summary>Percent; positive = worse than the signal's entryPrice for the user.</summary>
    public decimal? Slippage { get; init; }

    /// <summary>Milliseconds from the signal's createdAt to the exchange's confirmation.</summary>
    public long? Latency { get; init; }

    public DateTimeOffset? FailedAt { get; init; }
    public string? FailureReason { get; init; }
    public string? ErrorDetails { get; init; }
    public bool AiDecisionApplied { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The record\'s Kafka key (not part of the JSON value).</summary>
    [JsonIgnore]
    public string Key => ExecutionKeys.Of(SignalId, UserId);

    public ValidationResult Validate() => new ProblemCollector()
        .Check(SignalValidator.IsValidSignalId(SignalId), "signalId", SignalValidator.SignalIdRule)
        .Check(UserIds.IsValid(UserId), "userId", UserIds.Rule)
        .Check(Enum.IsDefined(Status), "status", "status must be pending, executed or failed.")
        .Check(ClientOrderIds.IsValid(ClientOrderId), "clientOrderId", "clientOrderId must be 1-32 characters of A-Z, a-z, 0-9, '_' or '-'.")
        .Check(Status != ExecutionStatus.Executed || (ActualEntryPrice > 0 && Quantity > 0 && OrderId is not null), "status", "an executed record needs actualEntryPrice, quantity and orderId.")
        .Check(Status != ExecutionStatus.Failed || !string.IsNullOrWhiteSpace(FailureReason), "failureReason", "a failed record needs a failureReason.")
        .ToResult();

    /// <summary>
    /// Signed slippage in percent: positive means the fill was worse for the user than the signal's price
    /// (paid more on a BUY, received less on a SELL).
    /// </summary>
    public static decimal SlippagePercent(OrderSide side, decimal signalPrice, decimal fillPrice)
    {
        var raw = (fillPrice - signalPrice) / signalPrice * 100m;
        return Math.Round(side == OrderSide.Buy ? raw : -raw, 4, MidpointRounding.AwayFromZero);
    }
}
