using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Hosting;
using SignalStreams.Kafka;
using SignalStreams.PaperExchange;
using SignalStreams.SignalExecutor;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// 10,000 open futures positions, each with a stop and a take-profit at the paper exchange (opened through the real
/// executor), then the price moves through every stop at once: the time from the stops' fills to each CLOSED record
/// on <c>positions</c>, and the request weight the executor's fill detection spent, with its default budget
/// (<c>Executor:ProtectionCheckWeightPerMinute</c> 1200 per host, check interval 5 s).
/// </summary>
public sealed class PositionDetectionBenchmark : IBenchmark
{
    private const string PaperKey = "paper-demo-key";
    private const string PaperSecret = "paper-demo-secret";

    public string Name => "position-detection";

    public string Description => "10,000 open futures positions with stop + take-profit; price through every stop: fill → CLOSED record p50/p99/max, request weight spent per minute";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var users = context.Count(10_000);
        var run = Guid.NewGuid().ToString("N")[..8];
        var topics = new TopicNames($"bench-pos-{run}-");
        context.Kafka.CreateTopics(topics);
        using var redis = new RedisServerFixture();
        var clients = new KafkaClientFactory(Options.Create(new KafkaOptions { BootstrapServers = context.Kafka.BootstrapServers, TopicPrefix = topics.Prefix }), NullLoggerFactory.Instance);
        await using var exchange = await PaperExchangeApp.StartAsync(new Dictionary<string, string?>
        {
            ["PaperExchange:PriceMode"] = "Fixed",
            ["PaperExchange:Accounts:0:ApiKey"] = PaperKey,
            ["PaperExchange:Accounts:0:ApiSecret"] = PaperSecret,
            ["PaperExchange:Accounts:0:Balances:USDT"] = "1000000000000",
        }, cancellationToken: cancellationToken);
        using var producer = clients.CreateProducer("bench-pos-inputs");
        var writer = new ContractRecordWriter(producer);
        var userIds = Enumerable.Range(0, users).Select(i => $"bench-{run}-{i:D5}").ToList();
        await Task.WhenAll(userIds.Select(u => writer.WriteAsync(topics.UserSettings, u, User(u), ContractsJsonContext.Default.UserSettings, SchemaNames.UserSettings, cancellationToken)));

        long weight = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ExecutorMetrics.MeterName && instrument.Name == "signal_streams.executor.protection_check_weight")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref weight, value));
        listener.Start();

        await using var executor = new StoppingHost(await StartAsync(Settings(context, topics, redis, exchange, run), cancellationToken));
        var signal = new Signal
        {
            SignalId = "bench-pos-" + run,
            Source = "benchmark",
            Symbol = "ETHUSDT",
            Market = MarketType.Futures,
            Side = OrderSide.Buy,
            EntryPrice = 3500m,
            StopLoss = 3300m,
            TakeProfit = 3800m,
            Strength = SignalStrength.Strong,
            Status = SignalStatus.Active,
            CreatedAt = DateTimeOffset.UtcNow,
            ExpiresAt = DateTimeOffset.UtcNow.AddHours(2),
        };
        await writer.WriteAsync(topics.Signals, signal.SignalId, signal, ContractsJsonContext.Default.Signal, SchemaNames.Signal, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken); // the executor's signals table has it
        var opening = Stopwatch.GetTimestamp();
        foreach (var userId in userIds)
        {
            await writer.WriteAsync(
                topics.ExecutionCommands,
                userId,
                new ExecutionCommand { SignalId = signal.SignalId, UserId = userId, Signal = signal, Trigger = ExecutionTrigger.Fanout, IssuedAt = DateTimeOffset.UtcNow },
                ContractsJsonContext.Default.ExecutionCommand,
                SchemaNames.ExecutionCommand,
                cancellationToken);
        }

        await UntilAsync(() => Latest(context, topics).Count(p => p.Status == PositionStatus.Open && p.StopLossOrderId is not null) >= users, TimeSpan.FromMinutes(30), $"{users} protected positions");
        var openSeconds = Stopwatch.GetElapsedTime(opening).TotalSeconds;
        context.Log($"{users} positions open and protected in {openSeconds:0.0} s");

        var weightBefore = Interlocked.Read(ref weight);
        var moved = DateTimeOffset.UtcNow;
        var detecting = Stopwatch.GetTimestamp();
        exchange.Prices.Set(signal.Symbol, 3290m); // every stop fills now, before Set returns
        var arrived = new Dictionary<string, double>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddMinutes(40);
        while (arrived.Count < users && DateTime.UtcNow < deadline)
        {
            var now = (DateTimeOffset.UtcNow - moved).TotalMilliseconds;
            foreach (var closed in Latest(context, topics).Where(p => p.Status == PositionStatus.Closed && p.CloseReason == PositionCloseReason.StopLoss))
            {
                arrived.TryAdd(closed.UserId, now);
            }

            await Task.Delay(500, cancellationToken);
        }

        var seconds = Stopwatch.GetElapsedTime(detecting).TotalSeconds;
        var spent = Interlocked.Read(ref weight) - weightBefore;
        context.Log($"{arrived.Count} of {users} CLOSED in {seconds:0.0} s, weight {spent}");
        var times = arrived.Values.Order().ToArray();
        var stops = exchange.Orders.All().Count(o => o.IsAlgo && o.Type == "STOP_MARKET");
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["open_positions"] = users,
            ["seconds_to_open_and_protect_all"] = openSeconds,
            ["stop_orders_at_exchange"] = stops,
            ["closed_records"] = arrived.Count,
            ["fill_to_closed_record_p50_ms"] = Percentile(times, 0.50),
            ["fill_to_closed_record_p99_ms"] = Percentile(times, 0.99),
            ["fill_to_closed_record_max_ms"] = times.Length > 0 ? times[^1] : double.NaN,
            ["detection_weight_spent"] = spent,
            ["detection_weight_per_minute"] = spent / Math.Max(seconds / 60, 1e-9),
            ["weight_budget_per_minute"] = 1200,
        };
    }

    private static IEnumerable<Position> Latest(BenchmarkContext context, TopicNames topics) =>
        TopicReader.LatestByKey(TopicReader.ReadAll(context.Kafka.BootstrapServers, topics.Positions)).Values.Select(r => r.As(ContractsJsonContext.Default.Position));

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(1000);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static Dictionary<string, string?> Settings(BenchmarkContext context, TopicNames topics, RedisServerFixture redis, PaperExchangeHost exchange, string run) => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Kafka:BootstrapServers"] = context.Kafka.BootstrapServers,
        ["Kafka:TopicPrefix"] = topics.Prefix,
        ["Kafka:Provisioning"] = "Verify",
        ["Redis:Configuration"] = redis.Configuration,
        ["Secrets:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Exchange:Paper:BaseUrl"] = exchange.BaseUrl.ToString(),
        ["Exchange:Paper:ApiKey"] = PaperKey,
        ["Exchange:Paper:ApiSecret"] = PaperSecret,
        ["Executor:RedisKeyPrefix"] = $"bench:{run}:",
        ["Streams:StateDir"] = Path.Combine(Path.GetTempPath(), "signal-streams-bench", "pos-" + run),
        ["Streams:Consumer:fetch.wait.max.ms"] = "20",
    }.With();

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.AddSignalExecutor();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static UserSettings User(string userId) => new()
    {
        UserId = userId,
        BotEnabled = true,
        Symbols = ["ETHUSDT"],
        Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = 100m },
        Leverage = 5,
        PaperTrading = true,
    };

    private sealed class StoppingHost(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
