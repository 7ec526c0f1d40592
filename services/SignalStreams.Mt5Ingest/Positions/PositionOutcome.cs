namespace SignalStreams.Mt5Ingest;

/// <summary>What a transition meant, for metrics and logs (the state and effects say what it does).</summary>
public enum PositionOutcome
{
    /// <summary>Nothing changed and nothing is called: a duplicate, or an event for a closed or retired position.</summary>
    Unchanged,
    ClaimRequested,
    /// <summary>Another instance completed the position (Redis done) while this store is behind.</summary>
    CompletedElsewhere,
    /// <summary>Another owner's lease is live: retried by the timer.</summary>
    Held,
    Processing,
    Opened,
    SignalFailed,
    Sent,
    SendUnknown,
    SendFailed,
    /// <summary>Completed without a Telegram mapping: an earlier run stopped around the call; recorded unknown, never resent.</summary>
    Interrupted,
    Resending,
    Updated,
    EditThrottled,
    Edited,
    EditNotApplied,
    Closed,
    ClosedBeforeCompletion,
    ClosedUnseen,
    Retired,
    Forgotten,
    Rejected,
}
