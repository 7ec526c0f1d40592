using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalStreams.Testing;
using StackExchange.Redis;

namespace SignalStreams.Redis.Tests;

/// <summary>
/// A <see cref="RedisClaims"/> on its own connection, with what it reports kept for the test: its log lines and the
/// measurements of its own meter (instruments of other meters and other tests are not seen).
/// </summary>
internal sealed class ClaimsUnderTest : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, string Tags)> _measurements = new();
    private readonly CapturingLoggerProvider _logs = new();

    public ClaimsUnderTest(RedisServerFixture redis)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _measurements.Enqueue((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        _listener.Start();
        Connection = redis.Connect();
        Metrics = new RedisMetrics(meterFactory);
        Claims = new RedisClaims(Connection, Metrics, new LoggerFactory([_logs]).CreateLogger<RedisClaims>());
        HealthCheck = new RedisHealthCheck(Connection, Metrics);
    }

    public ConnectionMultiplexer Connection { get; }

    public RedisMetrics Metrics { get; }

    public RedisClaims Claims { get; }

    public RedisHealthCheck HealthCheck { get; }

    public IReadOnlyList<string> Logs => _logs.Lines;

    public static string NewKey(string stem) => $"test:{stem}:{Guid.NewGuid():N}";

    /// <summary>The sum of a counter's measurements whose tags contain <paramref name="tag"/> (all when null).</summary>
    public long Total(string instrument, string? tag = null) =>
        _measurements.Where(m => m.Instrument == instrument && (tag is null || m.Tags.Contains(tag, StringComparison.Ordinal))).Sum(m => m.Value);

    public void Dispose()
    {
        _listener.Dispose();
        Connection.Dispose();
        _services.Dispose();
    }
}
