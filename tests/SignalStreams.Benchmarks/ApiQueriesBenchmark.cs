using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.SignalApi;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// Latency of signal-api's query endpoints under a bounded loopback load: GET /api/signals/{id}/stats over one
/// signal executed by many users, and GET /api/users/{id}/executions (first page and a cursor page) for a user with
/// many executions. Also the time the views take to rebuild from the topics at start.
/// </summary>
public sealed class ApiQueriesBenchmark : IBenchmark
{
    private const string Token = "bench-reader-token";
    private const int Concurrency = 8;
    private static readonly TimeSpan MaxPerEndpoint = TimeSpan.FromSeconds(30);

    public string Name => "api-queries";

    public string Description => "p50/p99 of GET stats (5,000 executions of one signal) and per-user executions (2,000 per user) with 8 concurrent loopback clients";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var usersOfSignal = context.Count(5_000);
        var executionsOfUser = context.Count(2_000);
        var requests = context.Count(4_000);
        var topics = new TopicNames($"bench-api-{Guid.NewGuid():N}"[..18] + "-");
        context.Kafka.CreateTopics(topics);
        await SeedAsync(context, topics, usersOfSignal, executionsOfUser, cancellationToken);
        context.Log($"seeded {usersOfSignal + executionsOfUser} executions");

        var rebuild = Stopwatch.StartNew();
        await using var api = await SignalApiApp.StartAsync(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = context.Kafka.BootstrapServers,
            ["Kafka:TopicPrefix"] = topics.Prefix,
            ["Kafka:Provisioning"] = "Verify",
            ["Secrets:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Auth:Tokens:0:Token"] = Token,
            ["Auth:Tokens:0:Role"] = "reader",
            ["RateLimit:PermitsPerSecond"] = "1000000",
            ["RateLimit:Burst"] = "1000000",
            ["Logging:LogLevel:Default"] = "Critical",
        }.With(), cancellationToken: cancellationToken);
        using var http = new HttpClient { BaseAddress = api.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await Eventually.UntilAsync(async () => (await http.GetAsync("/health/ready", cancellationToken)).IsSuccessStatusCode, "the API is ready");
        await Eventually.UntilAsync(async () => await CountAsync(http, "/api/signals/bench-sig/stats", cancellationToken) == usersOfSignal, "the views hold every seeded record");
        rebuild.Stop();
        context.Log($"views rebuilt in {rebuild.Elapsed.TotalMilliseconds:0} ms");

        var firstPage = await http.GetStringAsync("/api/users/bench-user/executions?limit=50", cancellationToken);
        var cursor = System.Text.Json.JsonDocument.Parse(firstPage).RootElement.GetProperty("nextCursor").GetString();
        var figures = new Dictionary<string, double>
        {
            ["executions_of_signal"] = usersOfSignal,
            ["executions_of_user"] = executionsOfUser,
            ["concurrency"] = Concurrency,
            ["start_to_views_loaded_ms"] = rebuild.Elapsed.TotalMilliseconds,
        };
        await MeasureAsync(context, http, "stats", "/api/signals/bench-sig/stats", requests, figures, cancellationToken);
        await MeasureAsync(context, http, "user_page1", "/api/users/bench-user/executions?limit=50", requests, figures, cancellationToken);
        await MeasureAsync(context, http, "user_cursor_page", $"/api/users/bench-user/executions?limit=50&cursor={cursor}", requests, figures, cancellationToken);
        return figures;
    }

    private static async Task<int> CountAsync(HttpClient http, string statsPath, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(statsPath, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        using var stats = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return stats.RootElement.EnumerateArray().Sum(row => row.GetProperty("count").GetInt32());
    }

    private static async Task SeedAsync(BenchmarkContext context, TopicNames topics, int usersOfSignal, int executionsOfUser, CancellationToken cancellationToken)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new KafkaOptions { BootstrapServers = context.Kafka.BootstrapServers, TopicPrefix = topics.Prefix });
        var clients = new KafkaClientFactory(options, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        using var producer = clients.CreateProducer("bench-api-seed");
        var writer = new ContractRecordWriter(producer);
        var now = DateTimeOffset.UtcNow;
        var signal = new Signal
        {
            SignalId = "bench-sig", Source = "bench", Symbol = "BTCUSDT", Market = MarketType.Futures, Side = OrderSide.Buy, EntryPrice = 68000m,
            Strength = SignalStrength.Strong, Status = SignalStatus.Active, CreatedAt = now, ExpiresAt = now.AddMinutes(5),
        };
        await writer.WriteAsync(topics.Signals, signal.SignalId, signal, ContractsJsonContext.Default.Signal, SchemaNames.Signal, cancellationToken);
        var pending = new List<Task>();
        for (var i = 0; i < usersOfSignal + executionsOfUser; i++)
        {
            var execution = i < usersOfSignal ? Execution("bench-sig", $"u-{i}", now, i) : Execution($"s-{i}", "bench-user", now.AddSeconds(-i), i);
            pending.Add(writer.WriteAsync(topics.SignalExecutions, execution.Key, execution, ContractsJsonContext.Default.SignalExecution, SchemaNames.SignalExecution, cancellationToken));
            if (pending.Count >= 1000)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }

    private static SignalExecution Execution(string signalId, string userId, DateTimeOffset createdAt, int i) => new()
    {
        SignalId = signalId,
        UserId = userId,
        Status = i % 10 == 0 ? ExecutionStatus.Failed : ExecutionStatus.Executed,
        ClientOrderId = ClientOrderIds.For(signalId, userId),
        ActualEntryPrice = 68000m + (i % 50),
        Quantity = 0.01m,
        OrderId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        FailureReason = i % 10 == 0 ? "insufficient_balance" : null,
        Slippage = (i % 50) / 680m,
        Latency = 100 + (i % 400),
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    private static async Task MeasureAsync(BenchmarkContext context, HttpClient http, string name, string path, int requests, Dictionary<string, double> figures, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 50; i++)
        {
            (await http.GetAsync(path, cancellationToken)).EnsureSuccessStatusCode();
        }

        var latencies = new List<double>[Concurrency];
        var next = -1;
        var deadline = Stopwatch.StartNew();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async worker =>
        {
            latencies[worker] = [];
            while (Interlocked.Increment(ref next) < requests && deadline.Elapsed < MaxPerEndpoint)
            {
                var one = Stopwatch.StartNew();
                using var response = await http.GetAsync(path, cancellationToken);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                latencies[worker].Add(one.Elapsed.TotalMilliseconds);
            }
        }));
        wall.Stop();
        var all = latencies.SelectMany(l => l).Order().ToList();
        double At(double p) => all[Math.Clamp((int)Math.Ceiling(p * all.Count) - 1, 0, all.Count - 1)];
        figures[$"{name}_requests"] = all.Count;
        figures[$"{name}_p50_ms"] = Math.Round(At(0.50), 3);
        figures[$"{name}_p99_ms"] = Math.Round(At(0.99), 3);
        figures[$"{name}_requests_per_s"] = Math.Round(all.Count / wall.Elapsed.TotalSeconds, 1);
        context.Log($"{name}: {all.Count} requests, p50 {At(0.50):0.00} ms, p99 {At(0.99):0.00} ms, {all.Count / wall.Elapsed.TotalSeconds:0} req/s");
    }
}
