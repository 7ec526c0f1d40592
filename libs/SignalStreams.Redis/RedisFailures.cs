using StackExchange.Redis;

namespace SignalStreams.Redis;

/// <summary>The one rule for "Redis did not answer", shared by the claims and the health check.</summary>
internal static class RedisFailures
{
    /// <summary>
    /// Connection failures, timeouts and server errors (LOADING, READONLY, OOM, BUSY...) all mean the same to a
    /// caller that uses Redis as a fast path: no answer it can use. A disposed connection (shutdown) is one too.
    /// A <see cref="RedisCommandException"/> (a malformed command) is a bug and is not caught.
    /// </summary>
    public static bool IsUnavailable(Exception e) => e is RedisException or RedisTimeoutException or ObjectDisposedException;
}
