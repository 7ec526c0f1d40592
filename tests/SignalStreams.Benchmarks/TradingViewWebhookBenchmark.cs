using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using SignalStreams.Contracts;
using SignalStreams.SignalApi;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// Answer time of the TradingView webhook under a short loopback load: new alerts (each answered 202 once Kafka
/// acknowledged its signal) and the same alerts delivered again (recognised, nothing published). Bounded in count
/// (2,000 alerts per phase at scale 1) and in time (30 s per phase), 4 concurrent clients on 127.0.0.1.
/// </summary>
public sealed class TradingViewWebhookBenchmark : IBenchmark
{
    private const string Secret = "bench-tradingview-secret-5b2e9c";
    private const int Concurrency = 4;
    private static readonly TimeSpan MaxPerPhase = TimeSpan.FromSeconds(30);

    public string Name => "tradingview-webhook";

    public string Description => "p50/p99 answer time of POST /api/webhooks/tradingview/{sourceId}: new alerts (202 after Kafka's ack) and repeated ones, 4 loopback clients";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var alerts = context.Count(2_000);
        var topics = new TopicNames($"bench-tv-{Guid.NewGuid():N}"[..17] + "-");
        context.Kafka.CreateTopics(topics);
        await using var api = await SignalApiApp.StartAsync(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = context.Kafka.BootstrapServers,
            ["Kafka:TopicPrefix"] = topics.Prefix,
            ["Kafka:Provisioning"] = "Verify",
            ["Secrets:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Webhooks:TradingView:Sources:bench:Secret"] = Secret,
            ["Webhooks:TradingView:Sources:bench:PermitsPerMinute"] = "100000",
            ["Webhooks:TradingView:Sources:bench:Burst"] = "100000",
            ["Logging:LogLevel:Default"] = "Critical",
        }.With(), cancellationToken: cancellationToken);
        using var http = new HttpClient { BaseAddress = api.BaseUrl };
        await Eventually.UntilAsync(async () => (await http.GetAsync("/health/ready", cancellationToken)).IsSuccessStatusCode, "the API is ready");
        for (var i = 0; i < 50; i++)
        {
            (await PostAsync(http, $"warm-{i}", cancellationToken)).EnsureSuccessStatusCode();
        }

        var figures = new Dictionary<string, double> { ["alerts_per_phase"] = alerts, ["concurrency"] = Concurrency };
        await MeasureAsync(context, http, "new", alerts, figures, cancellationToken);
        await MeasureAsync(context, http, "repeated", alerts, figures, cancellationToken);
        return figures;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string alertId, CancellationToken cancellationToken)
    {
        var body = $$"""{"secret":"{{Secret}}","id":"{{alertId}}","ticker":"BTCUSDT.P","side":"buy","price":68000.5,"stopLoss":67000,"takeProfit":70000}""";
        return http.PostAsync("/api/webhooks/tradingview/bench", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
    }

    private static async Task MeasureAsync(BenchmarkContext context, HttpClient http, string phase, int alerts, Dictionary<string, double> figures, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[Concurrency];
        var refused = 0;
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async worker =>
        {
            latencies[worker] = [];
            int i;
            while ((i = Interlocked.Increment(ref next)) < alerts && wall.Elapsed < MaxPerPhase)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await PostAsync(http, $"alert-{i}", cancellationToken);
                latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if ((int)response.StatusCode != 202)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }));
        wall.Stop();
        var sorted = latencies.SelectMany(l => l).Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        figures[$"{phase}_count"] = sorted.Length;
        figures[$"{phase}_not_202"] = refused;
        figures[$"{phase}_p50_ms"] = Math.Round(Rank(50), 3);
        figures[$"{phase}_p99_ms"] = Math.Round(Rank(99), 3);
        figures[$"{phase}_max_ms"] = Math.Round(sorted[^1], 3);
        figures[$"{phase}_per_second"] = Math.Round(sorted.Length / wall.Elapsed.TotalSeconds, 1);
        context.Log($"{phase}: {sorted.Length} alerts, p50 {Rank(50):0.00} ms, p99 {Rank(99):0.00} ms, max {sorted[^1]:0.00} ms, {refused} not 202");
    }
}
