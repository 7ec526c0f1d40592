namespace SignalStreams.SignalExecutor;

/// <summary>Whether a (signal, user) goes to the exchange, and if not, why.</summary>
public enum ExecutionVerdict
{
    Proceed,

    /// <summary>The user's current settings do not admit the signal: no record, a metric and a debug log.</summary>
    Filtered,

    /// <summary>The signal is no longer executable (cancelled, expired, past expiresAt) or unknown: no record.</summary>
    Blocked,
}

/// <param name="Verdict">What to do.</param>
/// <param name="Reason">A metric label such as <c>below_min_strength</c> or <c>signal_expired</c>; null when proceeding.</param>
public sealed record ExecutionDecision(ExecutionVerdict Verdict, string? Reason)
{
    public static readonly ExecutionDecision Proceed = new(ExecutionVerdict.Proceed, null);

    public static ExecutionDecision Filter(string reason) => new(ExecutionVerdict.Filtered, reason);

    public static ExecutionDecision Block(string reason) => new(ExecutionVerdict.Blocked, reason);
}
