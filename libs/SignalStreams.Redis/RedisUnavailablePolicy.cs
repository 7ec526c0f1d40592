namespace SignalStreams.Redis;

/// <summary>What a lock call does when Redis cannot be reached; the caller chooses per call.</summary>
public enum RedisUnavailablePolicy
{
    /// <summary>
    /// Retry with backoff for at most <see cref="RedisLockOptions.UnavailableMaxWait"/>, then throw
    /// <see cref="RedisLockUnavailableException"/> (a stream processor then retries the record later, never skipping it).
    /// </summary>
    WaitAndRetry,

    /// <summary>
    /// Answer <see cref="LockStatus.RedisUnavailable"/> at once, without a handle: the caller proceeds relying on its
    /// changelogged state store alone (enough where a single partition owner already serialises the work).
    /// </summary>
    ProceedOnStateStore,
}
