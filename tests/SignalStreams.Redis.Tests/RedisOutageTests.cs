using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SignalStreams.Testing;
using StackExchange.Redis;

namespace SignalStreams.Redis.Tests;

/// <summary>
/// Redis failing in each way a service meets: stopped, restarted empty, erroring, flushed. Each test runs its own
/// redis-server so that no other test sees the fault.
/// </summary>
public sealed class RedisOutageTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    [Fact]
    public async Task With_redis_stopped_every_operation_answers_Unavailable_counted_once_each_logged_once_and_readiness_Degraded_then_all_works_after_restart()
    {
        using var redis = new RedisServerFixture();
        using var subject = new ClaimsUnderTest(redis);
        var key = ClaimsUnderTest.NewKey("outage");
        Assert.Equal(ClaimResult.First, await subject.Claims.ClaimAsync(key, "a", Lease, Retention));
        Assert.Equal(HealthStatus.Healthy, (await subject.HealthCheck.CheckHealthAsync(new HealthCheckContext())).Status);

        redis.Stop();
        var answers = new List<ClaimResult>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await subject.Claims.ClaimAsync(ClaimsUnderTest.NewKey("outage"), "a", Lease, Retention));
            answers.Add(await subject.Claims.CompleteAsync(key, "executed", Retention));
            answers.Add(await subject.Claims.ReleaseAsync(key, "a"));
        }

        Assert.All(answers, a => Assert.Equal(ClaimResult.Unavailable, a));
        Assert.Equal(90, subject.Total("signal_streams.redis.unavailable"));
        Assert.Equal(30, subject.Total("signal_streams.redis.unavailable", "operation=release"));
        Assert.Single(subject.Logs, line => line.StartsWith("Warning", StringComparison.Ordinal));
        Assert.False(subject.Metrics.RedisAvailable);
        Assert.Equal(HealthStatus.Degraded, (await subject.HealthCheck.CheckHealthAsync(new HealthCheckContext())).Status);

        redis.Start();
        var afterRestart = ClaimResult.Unavailable;
        await Eventually.UntilAsync(async () => (afterRestart = await subject.Claims.ClaimAsync(key, "b", Lease, Retention)) != ClaimResult.Unavailable, "the connection is back");

        // The restarted server kept nothing (no persistence): the key claimed before the outage reads First.
        Assert.Equal(ClaimResult.First, afterRestart);
        Assert.Equal(ClaimResult.Done("executed"), await subject.Claims.CompleteAsync(key, "executed", Retention));
        Assert.Equal(HealthStatus.Healthy, (await subject.HealthCheck.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.True(subject.Metrics.RedisAvailable);
        Assert.Contains(subject.Logs, line => line.Contains("Redis answers again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_error_answers_Unavailable_like_a_lost_connection()
    {
        using var redis = new RedisServerFixture();
        using var admin = ConnectionMultiplexer.Connect(redis.Configuration + ",allowAdmin=true");
        using var subject = new ClaimsUnderTest(redis);
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await server.ConfigSetAsync("maxmemory-policy", "noeviction");
        await server.ConfigSetAsync("maxmemory", "1");

        // Every write is refused with OOM: a RedisServerException, not a connection failure.
        Assert.Equal(ClaimResult.Unavailable, await subject.Claims.ClaimAsync(ClaimsUnderTest.NewKey("oom"), "a", Lease, Retention));
        Assert.Equal(ClaimResult.Unavailable, await subject.Claims.CompleteAsync(ClaimsUnderTest.NewKey("oom"), "failed", Retention));
        Assert.Equal(2, subject.Total("signal_streams.redis.unavailable"));

        await server.ConfigSetAsync("maxmemory", "0");
        Assert.Equal(ClaimResult.First, await subject.Claims.ClaimAsync(ClaimsUnderTest.NewKey("oom"), "a", Lease, Retention));
    }

    /// <summary>
    /// Why no caller may trust First alone: Redis forgets. A key that was completed reads First after FLUSHALL (or a
    /// restart without persistence, or eviction), so the executor asks for a claim only when its own store has no
    /// record of the pair, and settles every pending record by looking the order up, whatever the claim says.
    /// </summary>
    [Fact]
    public async Task After_FLUSHALL_a_completed_key_answers_First_again()
    {
        using var redis = new RedisServerFixture();
        using var admin = ConnectionMultiplexer.Connect(redis.Configuration + ",allowAdmin=true");
        using var subject = new ClaimsUnderTest(redis);
        var key = ClaimsUnderTest.NewKey("flushed");
        Assert.Equal(ClaimResult.First, await subject.Claims.ClaimAsync(key, "a", Lease, Retention));
        Assert.Equal(ClaimResult.Done("executed"), await subject.Claims.CompleteAsync(key, "executed", Retention));

        await admin.GetServer(admin.GetEndPoints()[0]).FlushAllDatabasesAsync();

        Assert.Equal(ClaimResult.First, await subject.Claims.ClaimAsync(key, "b", Lease, Retention));
    }

    [Fact]
    public async Task A_service_that_registers_the_claims_reports_redis_Degraded_not_Unhealthy_while_redis_is_down()
    {
        using var redis = new RedisServerFixture();
        redis.Stop();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddRedisClaims().BuildServiceProvider();

        var claims = services.GetRequiredService<RedisClaims>();
        Assert.Equal(ClaimResult.Unavailable, await claims.ClaimAsync(ClaimsUnderTest.NewKey("di"), "a", Lease, Retention));
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Degraded, report.Entries[RedisServiceCollectionExtensions.HealthCheckName].Status);
        Assert.Equal(HealthStatus.Degraded, report.Status);

        redis.Start();
        await Eventually.UntilAsync(async () => (await services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Status == HealthStatus.Healthy, "readiness recovers by itself once Redis is back");
        Assert.Equal(ClaimResult.First, await claims.ClaimAsync(ClaimsUnderTest.NewKey("di"), "a", Lease, Retention));
    }
}
