using System.Diagnostics.Metrics;

namespace SignalStreams.Redis;

/// <summary>Lock instruments on the meter <see cref="MeterName"/>, and whether Redis answered the last call.</summary>
public sealed class RedisLockMetrics
{
    public const string MeterName = "SignalStreams.Redis";

    private volatile bool _available = true;

    public RedisLockMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        Acquired = meter.CreateCounter<long>("signal_streams.redis.lock.acquired", "{lock}", "Locks taken.");
        Denied = meter.CreateCounter<long>("signal_streams.redis.lock.denied", "{lock}", "Lock attempts refused because another owner holds the lock.");
        Errors = meter.CreateCounter<long>("signal_streams.redis.lock.errors", "{error}", "Lock calls that could not reach Redis.");
        meter.CreateObservableGauge("signal_streams.redis.available", () => _available ? 1 : 0, "{bool}", "1 when the last Redis lock call succeeded, 0 when it could not reach Redis.");
    }

    internal Counter<long> Acquired { get; }

    internal Counter<long> Denied { get; }

    internal Counter<long> Errors { get; }

    /// <summary>False after a lock call failed to reach Redis, until one succeeds again.</summary>
    public bool RedisAvailable => _available;

    /// <summary>The reason of the last failure, for the health report (no configuration or secrets in it).</summary>
    public string? LastError { get; private set; }

    internal void Succeeded() => _available = true;

    internal void Failed(Exception e)
    {
        LastError = e.GetType().Name;
        _available = false;
        Errors.Add(1);
    }
}
