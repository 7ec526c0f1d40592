using SignalStreams.Contracts;

namespace SignalStreams.SignalExecutor;

/// <summary>
/// The per-user decision, on CURRENT state: a signal blocks only when its current status is CANCELLED, CLOSED or EXPIRED
/// or expiresAt has passed (legacy EXECUTED does not block — one user's execution never closes a signal for others);
/// a fan-out command is re-checked against the user's current settings, which may have changed since the fan-out,
/// including maxOpenPositions (the router cannot know how many positions a user holds).
/// A manual request is the user's own choice, so only the signal's state and the user's existence matter.
/// </summary>
public static class ExecutionPolicy
{
    public static ExecutionDecision Decide(Signal? signal, UserSettings? settings, ExecutionTrigger trigger, DateTimeOffset now, int openPositions = 0)
    {
        if (signal is null)
        {
            return ExecutionDecision.Block("unknown_signal");
        }

        if (signal.Status is SignalStatus.Cancelled)
        {
            return ExecutionDecision.Block("signal_cancelled");
        }

        if (signal.Status is SignalStatus.Closed)
        {
            return ExecutionDecision.Block("signal_closed");
        }

        if (signal.Status is SignalStatus.Expired || now >= signal.ExpiresAt)
        {
            return ExecutionDecision.Block("signal_expired");
        }

        if (settings is null)
        {
            return ExecutionDecision.Filter("unknown_user");
        }

        if (trigger == ExecutionTrigger.Manual)
        {
            return ExecutionDecision.Proceed;
        }

        if (settings.RejectionReason(signal) is { } reason)
        {
            return ExecutionDecision.Filter(reason);
        }

        return settings.MaxOpenPositions is { } max && openPositions >= max
            ? ExecutionDecision.Filter("max_open_positions")
            : ExecutionDecision.Proceed;
    }

    /// <summary>The newer of the table's signal and the command's snapshot: the table wins once it has the signal.</summary>
    public static Signal? Current(Signal? fromTable, Signal? snapshot) => fromTable ?? snapshot;
}
