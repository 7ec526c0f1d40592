using System.Diagnostics.Metrics;

namespace SignalStreams.Redis;

/// <summary>
/// Meter <see cref="MeterName"/>: claim answers by operation and status, the calls Redis did not answer (ONE counter
/// for every kind of failure, the signal an operator alerts on), and whether the last call or ping was answered.
/// </summary>
public sealed class RedisMetrics
{
    public const string MeterName = "SignalStreams.Redis";

    private readonly Counter<long> _answers;
    private readonly Counter<long> _unavailable;
    private volatile bool _available = true;

    public RedisMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _answers = meter.CreateCounter<long>("signal_streams.redis.claims", "{answer}", "Claim operations Redis answered, by operation (claim, complete, release) and status (first, again, held, done).");
        _unavailable = meter.CreateCounter<long>("signal_streams.redis.unavailable", "{call}", "Claim operations Redis did not answer (connection, timeout or server error), by operation; the caller went on with its own state.");
        meter.CreateObservableGauge("signal_streams.redis.available", () => _available ? 1 : 0, "{bool}", "1 when the last claim operation or health ping was answered by Redis, else 0.");
    }

    /// <summary>False after a call or ping Redis did not answer, until one is answered again.</summary>
    public bool RedisAvailable => _available;

    internal void Answered(string operation, ClaimStatus status)
    {
        _available = true;
        _answers.Add(1, new("operation", operation), new("status", StatusTag(status)));
    }

    internal void Unavailable(string operation)
    {
        _available = false;
        _unavailable.Add(1, new KeyValuePair<string, object?>("operation", operation));
    }

    internal void Pinged(bool answered) => _available = answered;

    private static string StatusTag(ClaimStatus status) => status switch
    {
        ClaimStatus.First => "first",
        ClaimStatus.Again => "again",
        ClaimStatus.Held => "held",
        ClaimStatus.Done => "done",
        _ => "unavailable",
    };
}
