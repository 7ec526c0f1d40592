using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SignalStreams.Redis;

/// <summary>
/// Claims on Redis keys: the one primitive both the executor (per signal and user) and mt5-ingest (per position)
/// use to fence the window of a rebalance in which two instances briefly both think they own the same work.
/// <list type="bullet">
/// <item><see cref="ClaimAsync"/> takes a lease: <see cref="ClaimStatus.First"/> (no trace of an earlier claim),
/// <see cref="ClaimStatus.Again"/> (an earlier claim existed: look before acting), <see cref="ClaimStatus.Held"/>
/// (another owner's live lease) or <see cref="ClaimStatus.Done"/> (completed, with its status).</item>
/// <item><see cref="CompleteAsync"/> marks the key done; the first completion stands.</item>
/// <item><see cref="ReleaseAsync"/> ends the caller's lease early after a failure; the key remembers the attempt.</item>
/// </list>
/// Each operation is ONE Lua script (one round trip), atomic on the server. <b>Redis is a fast path, not the record
/// of truth.</b> It may lose its data (restart without persistence, FLUSHALL, eviction), after which an old key
/// answers <see cref="ClaimStatus.First"/> again; callers therefore act on <c>First</c> only when their own durable
/// state agrees that nothing was attempted, and treat <see cref="ClaimStatus.Unavailable"/> like a claim they cannot
/// trust. Every Redis failure (connection, timeout, server error) becomes <see cref="ClaimStatus.Unavailable"/>, never
/// an exception; it is counted on <c>signal_streams.redis.unavailable</c>, logged once per outage, and the
/// <see cref="RedisHealthCheck"/> reports Degraded until Redis answers again.
/// </summary>
public sealed class RedisClaims(IConnectionMultiplexer redis, RedisMetrics metrics, ILogger<RedisClaims> logger)
{
    // 1 while the last call found Redis unreachable: one warning per outage, not one per call.
    private int _unreachable;

    /// <summary>An owner id unique to this process instance: machine, process id and a random part.</summary>
    public static string NewOwnerId() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>
    /// Takes <paramref name="key"/> for <paramref name="owner"/> for <paramref name="lease"/>, unless another owner's
    /// lease is live or the key is done. The key itself is kept for <paramref name="retention"/> (at least the lease),
    /// so that a later claim can still tell that this one existed.
    /// </summary>
    public Task<ClaimResult> ClaimAsync(string key, string owner, TimeSpan lease, TimeSpan retention)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, lease);
        return RunAsync("claim", key, ClaimScripts.Claim, [owner, Milliseconds(lease), Milliseconds(retention)]);
    }

    /// <summary>
    /// Marks <paramref name="key"/> done with <paramref name="status"/> for <paramref name="retention"/>, whoever holds
    /// it: the work is finished, so every later claim answers <see cref="ClaimStatus.Done"/>. If it was done already
    /// the earlier completion stands and its status is answered.
    /// </summary>
    public Task<ClaimResult> CompleteAsync(string key, string status, TimeSpan retention)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(status);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        return RunAsync("complete", key, ClaimScripts.Complete, [status, Milliseconds(retention)]);
    }

    /// <summary>
    /// Ends <paramref name="owner"/>'s lease on <paramref name="key"/> at once (after a failure, so that the next
    /// attempt need not wait for the lease), keeping the key: the next claim answers <see cref="ClaimStatus.Again"/>.
    /// Another owner's lease and a done key are left alone. Answers what the next claim would find.
    /// </summary>
    public Task<ClaimResult> ReleaseAsync(string key, string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return RunAsync("release", key, ClaimScripts.Release, [owner]);
    }

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    private static ClaimResult Parse(string? answer) => answer switch
    {
        "first" => ClaimResult.First,
        "again" => ClaimResult.Again,
        "held" => ClaimResult.Held,
        not null when answer.StartsWith(ClaimScripts.DonePrefix, StringComparison.Ordinal) => ClaimResult.Done(answer[ClaimScripts.DonePrefix.Length..]),
        _ => throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"A claim script answered '{answer}', which is none of its answers.")),
    };

    private async Task<ClaimResult> RunAsync(string operation, string key, string script, RedisValue[] arguments)
    {
        RedisResult answer;
        try
        {
            answer = await redis.GetDatabase().ScriptEvaluateAsync(script, [key], arguments);
        }
        catch (Exception e) when (RedisFailures.IsUnavailable(e))
        {
            metrics.Unavailable(operation);
            if (Interlocked.Exchange(ref _unreachable, 1) == 0)
            {
                logger.LogWarning("Redis is unreachable ({Error}); claims answer Unavailable and callers go on with their own state until it answers again", e.GetType().Name);
            }
            else
            {
                logger.LogDebug("Redis {Operation} of {Key} answered Unavailable ({Error})", operation, key, e.GetType().Name);
            }

            return ClaimResult.Unavailable;
        }

        if (Interlocked.Exchange(ref _unreachable, 0) == 1)
        {
            logger.LogInformation("Redis answers again; claims are back in use");
        }

        var result = Parse((string?)answer);
        metrics.Answered(operation, result.Status);
        return result;
    }
}
