using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SignalStreams.Telegram.Tests;

/// <summary>Counts the measurements of one service provider's Telegram meter, per instrument and tag set.</summary>
public sealed class TelegramMetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new(StringComparer.Ordinal);

    public TelegramMetricRecorder(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == TelegramMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var labels = string.Join(",", tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
            _sums.AddOrUpdate($"{instrument.Name}{{{labels}}}", value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    /// <summary>The sum for e.g. <c>telegram.calls{method=sendMessage,outcome=sent}</c>; 0 when never measured.</summary>
    public long this[string series] => _sums.GetValueOrDefault(series);

    public void Dispose() => _listener.Dispose();
}
