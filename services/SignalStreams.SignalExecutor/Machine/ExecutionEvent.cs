using SignalStreams.Contracts;
using SignalStreams.Exchange.Protection;

namespace SignalStreams.SignalExecutor.Machine;

/// <summary>Something that happened to one (signal, user); <see cref="At"/> is the stream thread's clock.</summary>
public abstract record ExecutionEvent(DateTimeOffset At)
{
    /// <summary>
    /// A fan-out command or a manual request. <paramref name="Signal"/> is the signal's CURRENT state (the table, else the
    /// command's snapshot), <paramref name="Settings"/> the user's current settings, <paramref name="Route"/> the user's
    /// exchange, <paramref name="OpenPositions"/> counted when the user has a limit, <paramref name="CallInFlight"/> whether
    /// a call for the pair is running now.
    /// </summary>
    public sealed record Attempted(
        DateTimeOffset At,
        ExecutionAttempt Attempt,
        Signal? Signal,
        UserSettings? Settings,
        ExchangeRoute Route,
        int OpenPositions,
        bool CallInFlight) : ExecutionEvent(At);

    /// <summary>The answer of <paramref name="Call"/>, with the signal and settings as they are now (either may be gone).</summary>
    public sealed record Answered(DateTimeOffset At, ExchangeCall Call, CallResult Result, Signal? Signal, UserSettings? Settings) : ExecutionEvent(At);

    /// <summary>The reconcile timer passes by a pending pair.</summary>
    public sealed record Ticked(DateTimeOffset At, bool CallInFlight) : ExecutionEvent(At);

    /// <summary>Close the pair's position: the signal is CLOSED (source-closed) or a close request came (manual).</summary>
    public sealed record CloseRequested(DateTimeOffset At, PositionCloseReason Reason, bool CallInFlight) : ExecutionEvent(At);

    /// <summary>
    /// The detection timer, or a user data stream's hint: time to ask the exchange whether a protective order of the open
    /// position filled. <paramref name="Hinted"/>: the futures order the stream named (only that one is asked about).
    /// </summary>
    public sealed record CheckDue(DateTimeOffset At, bool CallInFlight, ProtectionKind? Hinted = null) : ExecutionEvent(At);
}
