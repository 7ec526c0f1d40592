namespace SignalStreams.Mt5Ingest;

/// <summary>What <see cref="PositionClaims.TryClaimAsync"/> found.</summary>
public enum ClaimOutcome
{
    /// <summary>This instance now holds the position until it completes or releases it.</summary>
    Claimed,

    /// <summary>Another instance is creating the position's signal right now (a rebalance window).</summary>
    InProgressElsewhere,

    /// <summary>Another instance already completed the position (this instance's store is stale).</summary>
    AlreadyDone,

    /// <summary>Redis did not answer; the caller relies on its changelogged store alone.</summary>
    RedisUnavailable,
}
