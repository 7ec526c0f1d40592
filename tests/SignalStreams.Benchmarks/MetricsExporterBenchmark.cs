using System.Diagnostics;
using System.Diagnostics.Metrics;
using SignalStreams.Hosting;

namespace SignalStreams.Benchmarks;

/// <summary>
/// What /metrics costs: measurements per second while the exporter listens (counter with two labels, histogram
/// with default buckets), and the time and size of one scrape with many series.
/// </summary>
public sealed class MetricsExporterBenchmark : IBenchmark
{
    public string Name => "metrics-exporter";

    public string Description => "Prometheus exporter: recording throughput while listening, scrape time and size for many series";

    public Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        using var meter = new Meter("SignalStreams.Benchmarks.Exporter");
        using var exporter = new PrometheusExporter(m => m == meter);
        var counter = meter.CreateCounter<long>("bench.records", description: "Records.");
        var histogram = meter.CreateHistogram<double>("bench.latency", unit: "ms", description: "Latency.");
        string[] topics = ["signals", "execution-commands", "signal-executions", "positions"];

        var measurements = context.Count(2_000_000);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < measurements; i++)
        {
            counter.Add(1, new("topic", topics[i & 3]), new("outcome", (i & 4) == 0 ? "ok" : "dlq"));
        }

        var counterRate = measurements / watch.Elapsed.TotalSeconds;
        watch.Restart();
        for (var i = 0; i < measurements; i++)
        {
            histogram.Record(i % 1000, new KeyValuePair<string, object?>("topic", topics[i & 3]));
        }

        var histogramRate = measurements / watch.Elapsed.TotalSeconds;

        // Many series: one per (user bucket, status), as a careless label would create.
        var seriesCount = context.Count(2_000);
        for (var i = 0; i < seriesCount; i++)
        {
            counter.Add(1, new("topic", "user-" + i), new("outcome", "ok"));
            histogram.Record(i, new KeyValuePair<string, object?>("topic", "user-" + i));
        }

        const int scrapes = 20;
        var text = "";
        watch.Restart();
        for (var i = 0; i < scrapes; i++)
        {
            text = exporter.Export();
        }

        var scrapeMs = watch.Elapsed.TotalMilliseconds / scrapes;
        context.Log($"{seriesCount} extra counter + histogram series, {text.Length / 1024.0:0} KiB per scrape");
        return Task.FromResult<IReadOnlyDictionary<string, double>>(new Dictionary<string, double>
        {
            ["counter measurements/s (2 labels)"] = counterRate,
            ["histogram measurements/s (1 label)"] = histogramRate,
            ["series in the scrape (counter + histogram)"] = 2 * (seriesCount + 8),
            ["scrape ms"] = scrapeMs,
            ["scrape KiB"] = text.Length / 1024.0,
        });
    }
}
