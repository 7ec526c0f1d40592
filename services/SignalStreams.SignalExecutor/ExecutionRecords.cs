using SignalStreams.Contracts;
using SignalStreams.Exchange;

namespace SignalStreams.SignalExecutor;

/// <summary>Builds the states of one <see cref="SignalExecution"/>: pending → executed | failed.</summary>
public static class ExecutionRecords
{
    public static SignalExecution Pending(ExecutionAttempt attempt, UserSettings? settings, DateTimeOffset now) => new()
    {
        SignalId = attempt.SignalId,
        UserId = attempt.UserId,
        UserEmail = settings?.Email,
        Status = ExecutionStatus.Pending,
        ClientOrderId = ClientOrderIds.For(attempt.SignalId, attempt.UserId),
        CreatedAt = now,
        UpdatedAt = now,
    };

    public static SignalExecution Executed(SignalExecution pending, Signal signal, OrderOutcome.Placed fill, int? plannedLeverage, DateTimeOffset now)
    {
        var confirmedAt = fill.TransactTime == default ? now : fill.TransactTime;
        var leverage = signal.Market == MarketType.Spot ? 1 : fill.Leverage ?? plannedLeverage;
        return pending with
        {
            Status = ExecutionStatus.Executed,
            ExecutedAt = confirmedAt,
            ActualEntryPrice = fill.AveragePrice,
            Quantity = fill.ExecutedQuantity,
            Leverage = leverage,
            OrderId = fill.OrderId,
            PositionId = $"{pending.UserId}:{fill.OrderId}",
            Slippage = fill.AveragePrice > 0 ? SignalExecution.SlippagePercent(signal.Side, signal.EntryPrice, fill.AveragePrice) : null,
            Latency = Math.Max(0, (long)(confirmedAt - signal.CreatedAt).TotalMilliseconds),
            FailedAt = null,
            FailureReason = null,
            ErrorDetails = null,
            UpdatedAt = now,
        };
    }

    public static SignalExecution Failed(SignalExecution pending, string reason, string? details, DateTimeOffset now) => pending with
    {
        Status = ExecutionStatus.Failed,
        FailedAt = now,
        FailureReason = reason,
        ErrorDetails = details,
        UpdatedAt = now,
    };

    /// <summary>The OPEN position an executed record opens.</summary>
    public static Position PositionOf(SignalExecution executed, Signal signal) => new()
    {
        PositionId = executed.PositionId!,
        UserId = executed.UserId,
        SignalId = executed.SignalId,
        Symbol = signal.Symbol,
        Market = signal.Market,
        Side = signal.Side,
        Quantity = executed.Quantity!.Value,
        EntryPrice = executed.ActualEntryPrice!.Value,
        Leverage = executed.Leverage,
        Status = PositionStatus.Open,
        OpenedAt = executed.ExecutedAt!.Value,
    };

    /// <summary>Realized PnL in the quote asset (fees excluded) and in percent of the entry notional (leverage not applied).</summary>
    public static (decimal? Pnl, decimal? Percent) Pnl(OrderSide side, decimal entry, decimal exit, decimal quantity)
    {
        var pnl = (side == OrderSide.Buy ? exit - entry : entry - exit) * quantity;
        var notional = entry * quantity;
        return (Math.Round(pnl, 8, MidpointRounding.AwayFromZero), notional == 0 ? null : Math.Round(pnl / notional * 100m, 4, MidpointRounding.AwayFromZero));
    }
}
