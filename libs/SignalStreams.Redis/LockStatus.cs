namespace SignalStreams.Redis;

/// <summary>The outcome of an attempt to take a lock.</summary>
public enum LockStatus
{
    /// <summary>This owner holds the lock; the handle carries the fencing token.</summary>
    Acquired,

    /// <summary>Another owner holds it.</summary>
    HeldByOther,

    /// <summary>Redis could not be reached and the policy was <see cref="RedisUnavailablePolicy.ProceedOnStateStore"/>.</summary>
    RedisUnavailable,
}
