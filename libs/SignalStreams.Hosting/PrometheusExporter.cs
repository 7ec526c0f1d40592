using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace SignalStreams.Hosting;

/// <summary>
/// Collects System.Diagnostics.Metrics instruments of the <c>SignalStreams.*</c> meters and writes them in the
/// Prometheus text exposition format (0.0.4): counters as <c>_total</c>, up-down counters and observable gauges
/// as gauges, histograms with cumulative <c>_bucket{le=...}</c>, <c>_sum</c> and <c>_count</c>.
/// (The OpenTelemetry Prometheus exporter packages are not installable here.)
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>Bucket bounds for histograms without advice (milliseconds-oriented, OpenTelemetry's defaults).</summary>
    public static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _states = new();
    private readonly Func<Meter, bool> _include;

    public PrometheusExporter()
        : this(meter => meter.Name.StartsWith("SignalStreams", StringComparison.Ordinal))
    {
    }

    public PrometheusExporter(Func<Meter, bool> include)
    {
        _include = include;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_include(instrument.Meter))
            {
                _states.TryAdd(instrument, new InstrumentState(instrument));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _states.TryRemove(instrument, out InstrumentState? _);
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<float>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<decimal>((i, v, t, _) => Record(i, (double)v, t));
        _listener.Start();
    }

    /// <summary>The current values of every collected instrument, in the Prometheus text format.</summary>
    public string Export()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var group in _states.Values.Where(s => s.HasSeries).GroupBy(s => s.MetricName).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            text.Append("# HELP ").Append(first.MetricName).Append(' ').Append(EscapeHelp(first.Instrument.Description ?? first.Instrument.Name)).Append('\n');
            text.Append("# TYPE ").Append(first.MetricName).Append(' ').Append(first.Type).Append('\n');
            foreach (var state in group)
            {
                state.WriteTo(text);
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_states.TryGetValue(instrument, out var state))
        {
            state.Record(value, tags);
        }
    }

    /// <summary>Prometheus metric names allow [a-zA-Z0-9_:]; dots and dashes become underscores.</summary>
    public static string SanitizeName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (builder.Length > 0 && char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    /// <summary>Prometheus label names allow [a-zA-Z0-9_] and must not start with a digit (no colons, unlike metric names).</summary>
    public static string SanitizeLabelName(string name)
    {
        var sanitized = SanitizeName(name).Replace(':', '_');
        return sanitized.Length == 0 ? "_" : sanitized;
    }

    internal static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    internal static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
