using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace SignalStreams.Redis;

/// <summary>
/// Readiness of Redis: Healthy when it answers a PING, Degraded (never Unhealthy) when it does not, because every
/// caller of <see cref="RedisClaims"/> goes on with its own state when a claim answers Unavailable. It asks Redis
/// itself rather than remembering the last claim, so readiness recovers once Redis is back even when no claim has
/// run since, and shows an outage that no claim has hit yet.
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis, RedisMetrics metrics) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            metrics.Pinged(answered: true);
            return HealthCheckResult.Healthy("Redis answers; claims are in use.");
        }
        catch (Exception e) when (RedisFailures.IsUnavailable(e))
        {
            metrics.Pinged(answered: false);
            return HealthCheckResult.Degraded($"Redis is unreachable ({e.GetType().Name}); claims answer Unavailable and callers go on with their own state.");
        }
    }
}
