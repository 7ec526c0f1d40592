using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SignalStreams.Streams;

/// <summary>Instruments of the stream runtime, on the meter <see cref="MeterName"/>.</summary>
public sealed class StreamsMetrics
{
    public const string MeterName = "SignalStreams.Streams";

    private readonly ConcurrentDictionary<(string Application, string Topic, int Partition), long> _lag = new();

    public StreamsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        Processed = meter.CreateCounter<long>("signal_streams.streams.records.processed", "{record}", "Input records completed (processed or dead-lettered).");
        Retried = meter.CreateCounter<long>("signal_streams.streams.records.retried", "{attempt}", "Failed processing attempts that were retried.");
        DeadLettered = meter.CreateCounter<long>("signal_streams.streams.records.dead_lettered", "{record}", "Poison records sent to a DLQ by the runtime.");
        Restored = meter.CreateCounter<long>("signal_streams.streams.restore.records", "{record}", "Changelog records read while restoring stores.");
        RestoreDuration = meter.CreateHistogram<double>(
            "signal_streams.streams.restore.duration",
            "s",
            "Time to restore a task's stores.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });
        meter.CreateObservableGauge("signal_streams.streams.lag", ObserveLag, "{record}", "Records behind the end of each assigned input partition.");
    }

    internal Counter<long> Processed { get; }

    internal Counter<long> Retried { get; }

    internal Counter<long> DeadLettered { get; }

    internal Counter<long> Restored { get; }

    internal Histogram<double> RestoreDuration { get; }

    internal void SetLag(string application, string topic, int partition, long lag) => _lag[(application, topic, partition)] = Math.Max(0, lag);

    internal void ClearLag(string application, string topic, int partition) => _lag.TryRemove((application, topic, partition), out _);

    private IEnumerable<Measurement<long>> ObserveLag() =>
        _lag.Select(e => new Measurement<long>(
            e.Value,
            new KeyValuePair<string, object?>("application", e.Key.Application),
            new KeyValuePair<string, object?>("topic", e.Key.Topic),
            new KeyValuePair<string, object?>("partition", e.Key.Partition)));
}
