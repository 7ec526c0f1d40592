namespace SignalStreams.Redis;

/// <summary>The <c>Redis:Lock</c> section.</summary>
public sealed class RedisLockOptions
{
    public const string SectionName = "Redis:Lock";

    /// <summary>Prefix of lock keys; the fencing counter of a lock is the lock key plus <c>:fence</c>.</summary>
    public string KeyPrefix { get; set; } = "lock:";

    /// <summary>Identifies this process as a lock owner; unique per instance by default.</summary>
    public string OwnerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>How long <see cref="RedisUnavailablePolicy.WaitAndRetry"/> keeps trying before it gives up.</summary>
    public TimeSpan UnavailableMaxWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait between attempts while Redis is unreachable; doubles up to one second.</summary>
    public TimeSpan UnavailableRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
