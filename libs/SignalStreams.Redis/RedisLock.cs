using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SignalStreams.Redis;

/// <summary>
/// A fenced lock on Redis: <c>SET key value NX PX ttl</c> where the value is the owner plus a fencing token from
/// <c>INCR key:fence</c>. Release and renew compare the value first (Lua), so only the owner can free or extend it,
/// and a holder whose TTL passed cannot free a newer holder's lock. When Redis is unreachable the caller's
/// <see cref="RedisUnavailablePolicy"/> decides; either way the health check reports Degraded until Redis answers.
/// </summary>
public sealed class RedisLock(IConnectionMultiplexer redis, RedisLockOptions options, RedisLockMetrics metrics, ILogger<RedisLock> logger, TimeProvider? timeProvider = null)
{
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
    private const string RenewScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public string Owner => options.OwnerId;

    public RedisLockMetrics Metrics => metrics;

    /// <summary>Takes the lock for <paramref name="ttl"/> if nobody holds it.</summary>
    public async Task<LockAttempt> TryAcquireAsync(string name, TimeSpan ttl, RedisUnavailablePolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var key = options.KeyPrefix + name;
        var attempt = await CallAsync(
            "acquire " + name,
            policy,
            async db =>
            {
                var token = await db.StringIncrementAsync(key + ":fence");
                var handle = new LockHandle(key, options.OwnerId, token);
                var set = await db.StringSetAsync(key, handle.Value, ttl, When.NotExists);
                return set ? new LockAttempt(LockStatus.Acquired, handle) : new LockAttempt(LockStatus.HeldByOther, null);
            },
            cancellationToken);
        if (!attempt.Reached)
        {
            return new LockAttempt(LockStatus.RedisUnavailable, null);
        }

        (attempt.Value.Acquired ? metrics.Acquired : metrics.Denied).Add(1);
        return attempt.Value;
    }

    /// <summary>Frees the lock if this handle still owns it; returns false if it expired or another owner holds it.</summary>
    public async Task<bool> ReleaseAsync(LockHandle handle, RedisUnavailablePolicy policy = RedisUnavailablePolicy.ProceedOnStateStore, CancellationToken cancellationToken = default)
    {
        // If Redis is down the key simply expires with its TTL; nobody else can have freed it meanwhile.
        var released = await CallAsync(
            "release " + handle.Key,
            policy,
            async db => (long)await db.ScriptEvaluateAsync(ReleaseScript, [handle.Key], [handle.Value]) == 1,
            cancellationToken);
        return released is (true, true);
    }

    /// <summary>Extends the TTL if this handle still owns the lock; false means the lock was lost.</summary>
    public async Task<bool> RenewAsync(LockHandle handle, TimeSpan ttl, RedisUnavailablePolicy policy = RedisUnavailablePolicy.ProceedOnStateStore, CancellationToken cancellationToken = default)
    {
        var renewed = await CallAsync(
            "renew " + handle.Key,
            policy,
            async db => (long)await db.ScriptEvaluateAsync(RenewScript, [handle.Key], [handle.Value, (long)ttl.TotalMilliseconds]) == 1,
            cancellationToken);
        return renewed is (true, true);
    }

    /// <summary>
    /// Renews every <paramref name="interval"/> (well below <paramref name="ttl"/>) in the background until disposed;
    /// <see cref="LockRenewal.Lost"/> fires when the lock is found taken or Redis stayed unreachable past the TTL.
    /// </summary>
    public LockRenewal StartAutoRenew(LockHandle handle, TimeSpan ttl, TimeSpan interval) => new(this, handle, ttl, interval, _time, logger);

    /// <summary>Value for a key as Redis holds it now (diagnostics and tests).</summary>
    public async Task<string?> CurrentValueAsync(string name) => await redis.GetDatabase().StringGetAsync(options.KeyPrefix + name);

    /// <summary>Runs a Redis call under the policy; Reached is false when Redis was unreachable and the policy proceeds.</summary>
    private async Task<(bool Reached, T Value)> CallAsync<T>(string what, RedisUnavailablePolicy policy, Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + options.UnavailableMaxWait;
        var delay = options.UnavailableRetryDelay;
        while (true)
        {
            try
            {
                var result = await call(redis.GetDatabase());
                metrics.Succeeded();
                return (true, result);
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                metrics.Failed(e);
                if (policy == RedisUnavailablePolicy.ProceedOnStateStore)
                {
                    logger.LogWarning("Redis is unreachable for lock {Operation} ({Error}); proceeding on the state store alone", what, e.GetType().Name);
                    return (false, default!);
                }

                if (_time.GetUtcNow() + delay > deadline)
                {
                    logger.LogError("Redis stayed unreachable for lock {Operation} for {Seconds} s ({Error}); giving up", what, options.UnavailableMaxWait.TotalSeconds, e.GetType().Name);
                    throw new RedisLockUnavailableException($"Redis was unreachable for {options.UnavailableMaxWait.TotalSeconds:0.#} s while trying to {what}.", e);
                }

                logger.LogWarning("Redis is unreachable for lock {Operation} ({Error}); retrying in {Delay} ms", what, e.GetType().Name, delay.TotalMilliseconds);
                await Task.Delay(delay, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }
}
