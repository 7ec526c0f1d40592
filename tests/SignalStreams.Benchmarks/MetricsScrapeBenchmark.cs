using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalStreams.Hosting;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// What /metrics costs with the OpenTelemetry Prometheus exporter a service runs: measurements per second while it
/// listens (a counter with two labels, a histogram with default buckets), and the time and size of one HTTP scrape
/// of a host with a few thousand series.
/// </summary>
public sealed class MetricsScrapeBenchmark : IBenchmark
{
    public string Name => "metrics-scrape";

    public string Description => "OpenTelemetry Prometheus exporter in a service host: recording throughput, HTTP scrape time and size for a few thousand series";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture));
        builder.AddServiceDefaults();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(cancellationToken);

        var meter = app.Services.GetRequiredService<IMeterFactory>().Create("SignalStreams.Benchmarks.Exporter");
        var counter = meter.CreateCounter<long>("signal_streams.bench.records", "{record}", "Records.");
        var histogram = meter.CreateHistogram<double>("signal_streams.bench.latency", "ms", "Latency.");
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

        // Many series, as a careless per-user label would create; below the SDK's default limit of 2,000 per metric.
        var perInstrument = context.Count(1_900);
        for (var i = 0; i < perInstrument; i++)
        {
            counter.Add(1, new("topic", "user-" + i), new("outcome", "ok"));
            histogram.Record(i, new KeyValuePair<string, object?>("topic", "user-" + i));
        }

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        const int scrapes = 20;
        watch.Restart();
        for (var i = 0; i < scrapes; i++)
        {
            text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        }

        var scrapeMs = watch.Elapsed.TotalMilliseconds / scrapes;
        var scrape = PrometheusText.Parse(text);
        var series = scrape.Samples.Count(s => s.Name.StartsWith("signal_streams_bench_", StringComparison.Ordinal));
        await app.StopAsync(cancellationToken);
        context.Log($"{perInstrument} counter + {perInstrument} histogram label sets = {series} sample lines, {text.Length / 1024.0:0} KiB per scrape");
        return new Dictionary<string, double>
        {
            ["counter measurements/s (2 labels)"] = counterRate,
            ["histogram measurements/s (1 label)"] = histogramRate,
            ["label sets in the scrape (counter + histogram)"] = 2 * perInstrument + 8 + 4,
            ["sample lines in the scrape"] = series,
            ["scrape ms (HTTP GET /metrics)"] = scrapeMs,
            ["scrape KiB"] = text.Length / 1024.0,
        };
    }
}
