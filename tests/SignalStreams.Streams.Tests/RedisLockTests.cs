using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using SignalStreams.Redis;
using SignalStreams.Testing;
using StackExchange.Redis;

namespace SignalStreams.Streams.Tests;

[Collection("kafka")]
public sealed class RedisLockTests(RedisServerFixture redis)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private static readonly TestMeterFactory Meters = new();

    [Fact]
    public async Task Of_two_contenders_only_one_holds_the_lock()
    {
        using var connection = redis.Connect();
        var name = "position-" + Guid.NewGuid().ToString("N");
        var attempts = await Task.WhenAll(NewLock(connection, "a").TryAcquireAsync(name, Ttl, RedisUnavailablePolicy.WaitAndRetry), NewLock(connection, "b").TryAcquireAsync(name, Ttl, RedisUnavailablePolicy.WaitAndRetry));

        Assert.Single(attempts, a => a.Status == LockStatus.Acquired);
        Assert.Single(attempts, a => a.Status == LockStatus.HeldByOther && a.Handle is null);
    }

    [Fact]
    public async Task A_release_by_a_non_owner_does_nothing()
    {
        using var connection = redis.Connect();
        var name = "position-" + Guid.NewGuid().ToString("N");
        var owner = NewLock(connection, "owner");
        var intruder = NewLock(connection, "intruder");
        var held = (await owner.TryAcquireAsync(name, Ttl, RedisUnavailablePolicy.WaitAndRetry)).Handle!;

        var forged = held with { Owner = intruder.Owner };
        Assert.False(await intruder.ReleaseAsync(forged));
        Assert.Equal(held.Value, await owner.CurrentValueAsync(name));
        Assert.Equal(LockStatus.HeldByOther, (await intruder.TryAcquireAsync(name, Ttl, RedisUnavailablePolicy.WaitAndRetry)).Status);

        Assert.True(await owner.ReleaseAsync(held));
        Assert.True((await intruder.TryAcquireAsync(name, Ttl, RedisUnavailablePolicy.WaitAndRetry)).Acquired);
    }

    [Fact]
    public async Task An_expired_holders_late_release_does_not_free_the_newer_holders_lock()
    {
        using var connection = redis.Connect();
        var name = "position-" + Guid.NewGuid().ToString("N");
        var slow = NewLock(connection, "slow");
        var next = NewLock(connection, "next");
        var stale = (await slow.TryAcquireAsync(name, TimeSpan.FromMilliseconds(200), RedisUnavailablePolicy.WaitAndRetry)).Handle!;

        LockAttempt newer = new(LockStatus.HeldByOther, null);
        await Eventually.UntilAsync(async () => (newer = await next.TryAcquireAsync(name, Ttl, RedisUnavailablePolicy.WaitAndRetry)).Acquired, "the first holder's TTL has passed and the next owner holds the lock");

        Assert.False(await slow.ReleaseAsync(stale));
        Assert.False(await slow.RenewAsync(stale, Ttl));
        Assert.Equal(newer.Handle!.Value, await next.CurrentValueAsync(name));
        Assert.True(newer.Handle.FencingToken > stale.FencingToken);
    }

    [Fact]
    public async Task Fencing_tokens_strictly_increase_across_owners()
    {
        using var connection = redis.Connect();
        var name = "position-" + Guid.NewGuid().ToString("N");
        var tokens = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var contender = NewLock(connection, "owner" + i);
            var handle = (await contender.TryAcquireAsync(name, Ttl, RedisUnavailablePolicy.WaitAndRetry)).Handle!;
            tokens.Add(handle.FencingToken);
            Assert.True(await contender.ReleaseAsync(handle));
        }

        Assert.Equal(tokens.Order().Distinct(), tokens);
    }

    [Fact]
    public async Task Auto_renew_keeps_the_lock_past_its_ttl_and_reports_a_loss()
    {
        using var connection = redis.Connect();
        var name = "position-" + Guid.NewGuid().ToString("N");
        var holder = NewLock(connection, "holder");
        var handle = (await holder.TryAcquireAsync(name, TimeSpan.FromMilliseconds(300), RedisUnavailablePolicy.WaitAndRetry)).Handle!;
        await using var renewal = holder.StartAutoRenew(handle, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(80));

        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync("lock:" + name);
        await Eventually.UntilAsync(async () => await connection.GetDatabase().KeyTimeToLiveAsync("lock:" + name) > ttl, "the TTL was extended");
        Assert.Equal(handle.Value, await holder.CurrentValueAsync(name));

        await connection.GetDatabase().KeyDeleteAsync("lock:" + name);
        await Eventually.UntilAsync(() => renewal.IsLost, "the renewal noticed the lock is gone");
    }

    [Fact]
    public async Task With_redis_down_each_policy_behaves_as_documented_and_locks_work_again_when_it_is_back()
    {
        using var ownRedis = new RedisServerFixture();
        using var connection = ownRedis.Connect();
        var metrics = new RedisLockMetrics(Meters);
        var errors = CountErrors(out var listener);
        using var _ = listener;
        var redisLock = NewLock(connection, "owner", metrics, TimeSpan.FromSeconds(1));
        var health = new RedisLockHealthCheck(connection, metrics);
        var name = "position-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);

        ownRedis.Stop();

        await Assert.ThrowsAsync<RedisLockUnavailableException>(() => redisLock.TryAcquireAsync(name, Ttl, RedisUnavailablePolicy.WaitAndRetry));
        var proceed = await redisLock.TryAcquireAsync(name, Ttl, RedisUnavailablePolicy.ProceedOnStateStore);
        Assert.Equal(LockStatus.RedisUnavailable, proceed.Status);
        Assert.Null(proceed.Handle);
        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.False(metrics.RedisAvailable);
        Assert.True(errors() >= 2);

        ownRedis.Start();
        var recovered = NewLock(connection, "owner", metrics, TimeSpan.FromSeconds(30));
        var attempt = await recovered.TryAcquireAsync(name, Ttl, RedisUnavailablePolicy.WaitAndRetry);
        Assert.True(attempt.Acquired);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.True(metrics.RedisAvailable);
    }

    private static RedisLock NewLock(IConnectionMultiplexer connection, string owner, RedisLockMetrics? metrics = null, TimeSpan? maxWait = null) =>
        new(connection, new RedisLockOptions { OwnerId = owner, UnavailableMaxWait = maxWait ?? TimeSpan.FromSeconds(5) }, metrics ?? new RedisLockMetrics(Meters), NullLogger<RedisLock>.Instance);

    private static Func<long> CountErrors(out MeterListener listener)
    {
        long count = 0;
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RedisLockMetrics.MeterName && instrument.Name == "signal_streams.redis.lock.errors")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref count, value));
        listener.Start();
        return () => Interlocked.Read(ref count);
    }
}
