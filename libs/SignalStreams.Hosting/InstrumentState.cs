using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace SignalStreams.Hosting;

/// <summary>The aggregated values of one instrument, per distinct label set.</summary>
internal sealed class InstrumentState
{
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly double[] _buckets;

    public InstrumentState(Instrument instrument)
    {
        Instrument = instrument;
        var baseName = PrometheusExporter.SanitizeName(instrument.Name);
        (Type, MetricName) = instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> or Counter<float> or Counter<decimal>
                or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> or ObservableCounter<float>
                => ("counter", baseName.EndsWith("_total", StringComparison.Ordinal) ? baseName : baseName + "_total"),
            Histogram<long> or Histogram<int> or Histogram<double> or Histogram<float> or Histogram<decimal> => ("histogram", baseName),
            _ => ("gauge", baseName),
        };
        IsCumulative = Type == "counter" && !instrument.IsObservable;
        IsAdditive = instrument is UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> or UpDownCounter<float> or UpDownCounter<decimal>;
        _buckets = Type == "histogram" ? BucketsOf(instrument) : [];
    }

    public Instrument Instrument { get; }

    public string MetricName { get; }

    public string Type { get; }

    private bool IsCumulative { get; }

    private bool IsAdditive { get; }

    /// <summary>False until the instrument has recorded a value: families without samples are not written.</summary>
    public bool HasSeries => !_series.IsEmpty;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        var series = _series.GetOrAdd(labels, _ => new Series(_buckets.Length));
        lock (series)
        {
            if (Type == "histogram")
            {
                var index = Array.FindIndex(_buckets, bound => value <= bound);
                series.Counts[index < 0 ? _buckets.Length : index]++;
                series.Sum += value;
                series.Count++;
            }
            else if (IsCumulative || IsAdditive)
            {
                series.Value += value;
            }
            else
            {
                // Observable instruments report their current value each collection.
                series.Value = value;
            }
        }
    }

    public void WriteTo(StringBuilder text)
    {
        foreach (var (labels, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            lock (series)
            {
                if (Type != "histogram")
                {
                    Line(text, MetricName, labels, series.Value);
                    continue;
                }

                long cumulative = 0;
                for (var i = 0; i < _buckets.Length; i++)
                {
                    cumulative += series.Counts[i];
                    Line(text, MetricName + "_bucket", Join(labels, $"le=\"{PrometheusExporter.FormatValue(_buckets[i])}\""), cumulative);
                }

                Line(text, MetricName + "_bucket", Join(labels, "le=\"+Inf\""), series.Count);
                Line(text, MetricName + "_sum", labels, series.Sum);
                Line(text, MetricName + "_count", labels, series.Count);
            }
        }
    }

    private static void Line(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(PrometheusExporter.FormatValue(value)).Append('\n');
    }

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    // Labels sorted by name, so that the same tags in another order are the same series.
    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var pairs = new List<KeyValuePair<string, string>>(tags.Length);
        foreach (var tag in tags)
        {
            pairs.Add(new(PrometheusExporter.SanitizeLabelName(tag.Key), LabelValue(tag.Value)));
        }

        pairs.Sort((a, b) => StringComparer.Ordinal.Compare(a.Key, b.Key));
        return string.Join(",", pairs.Select(p => $"{p.Key}=\"{PrometheusExporter.EscapeLabelValue(p.Value)}\""));
    }

    private static string LabelValue(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static double[] BucketsOf(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } bounds } => bounds.ToArray(),
        Histogram<long> { Advice.HistogramBucketBoundaries: { } bounds } => bounds.Select(b => (double)b).ToArray(),
        Histogram<int> { Advice.HistogramBucketBoundaries: { } bounds } => bounds.Select(b => (double)b).ToArray(),
        _ => PrometheusExporter.DefaultBuckets,
    };

    private sealed class Series(int buckets)
    {
        public long[] Counts { get; } = new long[buckets + 1];
        public double Sum { get; set; }
        public long Count { get; set; }
        public double Value { get; set; }
    }
}
