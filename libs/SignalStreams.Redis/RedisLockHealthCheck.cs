using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace SignalStreams.Redis;

/// <summary>
/// Readiness of the lock: Healthy when Redis answers, Degraded (never Unhealthy) when it does not, because every
/// caller has a documented way to go on without it (wait-and-retry, or the state store alone).
/// </summary>
public sealed class RedisLockHealthCheck(IConnectionMultiplexer redis, RedisLockMetrics metrics) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            metrics.Succeeded();
            return HealthCheckResult.Healthy("Redis answers; locks are fenced.");
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            metrics.Failed(e);
            return HealthCheckResult.Degraded($"Redis is unreachable ({e.GetType().Name}); lock callers wait and retry or proceed on their state stores.");
        }
    }
}
