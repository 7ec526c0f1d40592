namespace SignalStreams.Redis;

/// <summary>Redis stayed unreachable for the whole bounded wait of <see cref="RedisUnavailablePolicy.WaitAndRetry"/>.</summary>
public sealed class RedisLockUnavailableException : Exception
{
    public RedisLockUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RedisLockUnavailableException(string message)
        : base(message)
    {
    }

    public RedisLockUnavailableException()
        : base("Redis is unavailable.")
    {
    }
}
