using SignalStreams.Contracts;

namespace SignalStreams.SignalExecutor.Machine;

/// <summary>What the topology does after a transition, in the order given.</summary>
public abstract record ExecutionEffect
{
    private ExecutionEffect()
    {
    }

    /// <summary>
    /// Put the state in the store; when <paramref name="Publish"/>, the contract record changed and goes to
    /// <c>signal-executions</c> too. Every later call or claim completion waits until this is acknowledged.
    /// </summary>
    public sealed record Save(ExecutionState State, bool Publish) : ExecutionEffect;

    /// <summary>The OPEN position of an executed record, to <c>positions</c>.</summary>
    public sealed record PublishPosition(Position Position) : ExecutionEffect;

    /// <summary>Run the call off the stream thread, once everything saved before it is durable.</summary>
    public sealed record Call(ExchangeCall ExchangeCall) : ExecutionEffect;

    /// <summary>Mark the pair done in Redis (the cross-instance fast path), once the settled record is durable.</summary>
    public sealed record CompleteClaim(string SignalId, string UserId, string Status) : ExecutionEffect;

    /// <summary>A second attempt of a pair that has a record: metric and log, nothing written.</summary>
    public sealed record RefuseDuplicate(ExecutionTrigger Trigger, string Existing) : ExecutionEffect;

    /// <summary>The user's settings do not admit the signal: metric, no record.</summary>
    public sealed record Filter(string Reason) : ExecutionEffect;

    /// <summary>The signal is not executable (or unknown): metric, no record.</summary>
    public sealed record Block(string Reason) : ExecutionEffect;

    /// <summary>Hand the attempt back to the machine at <paramref name="At"/>; <paramref name="Reason"/> says why (logged).</summary>
    public sealed record RetryLater(ExecutionAttempt Attempt, DateTimeOffset At, string Reason) : ExecutionEffect;

    /// <summary>A close that cannot be done (no open position, already closed or closing): logged and counted, nothing ordered.</summary>
    public sealed record RefuseClose(PositionCloseReason Reason, string Why) : ExecutionEffect;

    /// <summary>A reconcile outcome for the metric: <c>found</c>, <c>not_found</c>, <c>not_found_yet</c>.</summary>
    public sealed record Reconciled(string Outcome) : ExecutionEffect;
}
