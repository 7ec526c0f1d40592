using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Hosting;
using SignalStreams.Kafka;
using SignalStreams.PaperExchange;
using SignalStreams.SignalExecutor;
using SignalStreams.SignalRouter;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// The cost of the decision records (issue 15): one MODERATE signal fanned out by the real router to N paper users
/// (a quarter want STRONG and are filtered, a tenth have the bot off, the rest execute through the real executor);
/// counts what <c>execution-decisions</c> receives for it, per 1,000 users per fan-out, in records and bytes.
/// </summary>
public sealed class DecisionsBenchmark : IBenchmark
{
    private const string PaperKey = "paper-demo-key";
    private const string PaperSecret = "paper-demo-secret";

    public string Name => "decisions";

    public string Description => "one signal to 10,000 paper users (25% filtered by min-strength, 10% bot off, 65% executing): execution-decisions records and bytes written per 1,000 users per fan-out";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var users = context.Count(10_000);
        var run = Guid.NewGuid().ToString("N")[..8];
        var topics = new TopicNames($"bench-dec-{run}-");
        context.Kafka.CreateTopics(topics);
        using var redis = new RedisServerFixture();
        var clients = new KafkaClientFactory(Options.Create(new KafkaOptions { BootstrapServers = context.Kafka.BootstrapServers, TopicPrefix = topics.Prefix }), NullLoggerFactory.Instance);
        await using var exchange = await PaperExchangeApp.StartAsync(new Dictionary<string, string?>
        {
            ["PaperExchange:Accounts:0:ApiKey"] = PaperKey,
            ["PaperExchange:Accounts:0:ApiSecret"] = PaperSecret,
            ["PaperExchange:Accounts:0:Balances:USDT"] = "1000000000000",
            ["PaperExchange:FillLatencyMs"] = "0",
        }, cancellationToken: cancellationToken);

        using var producer = clients.CreateProducer("bench-dec-inputs");
        var writer = new ContractRecordWriter(producer);
        var population = Enumerable.Range(0, users).Select(i => User($"bench-{run}-{i:D5}", i)).ToList();
        await Task.WhenAll(population.Select(u => writer.WriteAsync(topics.UserSettings, u.UserId, u, ContractsJsonContext.Default.UserSettings, SchemaNames.UserSettings, cancellationToken)));
        var executing = population.Count(u => u.BotEnabled && u.MinStrength <= SignalStrength.Moderate);

        var settings = Settings(context, topics, redis, exchange, run);
        await using var executor = await StartAsync(settings, b => b.AddSignalExecutor(), cancellationToken);
        await using var router = await StartAsync(settings, b => b.AddSignalRouter(), cancellationToken);
        using var results = new ExecutedRecords(context.Kafka.BootstrapServers, topics.SignalExecutions, topics.PartitionsOf(topics.SignalExecutions), settings);

        var signal = new Signal
        {
            SignalId = "bench-" + run,
            Source = "benchmark",
            Symbol = "ETHUSDT",
            Market = MarketType.Futures,
            Side = OrderSide.Buy,
            EntryPrice = 3500m,
            Strength = SignalStrength.Moderate,
            Status = SignalStatus.Active,
            CreatedAt = DateTimeOffset.UtcNow,
            ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(20),
        };
        var started = Stopwatch.GetTimestamp();
        await writer.WriteAsync(topics.Signals, signal.SignalId, signal, ContractsJsonContext.Default.Signal, SchemaNames.Signal, cancellationToken);
        await results.WaitForAsync(signal.SignalId, executing, TimeSpan.FromMinutes(15), cancellationToken);

        // Every user decided: one decision per user considered (the executor's follow the executed records closely).
        var decisions = new List<TopicRecord>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            decisions = TopicReader.ReadAll(context.Kafka.BootstrapServers, topics.ExecutionDecisions).Where(r => r.Key?.StartsWith(signal.SignalId + ":", StringComparison.Ordinal) == true).ToList();
            if (decisions.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count() >= users || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var parsed = decisions.Select(r => r.As(ContractsJsonContext.Default.ExecutionDecisionRecord)).ToList();
        var bytes = decisions.Sum(r => (double)(r.Value?.Length ?? 0) + (r.Key?.Length ?? 0));
        var perThousand = 1000.0 / users;
        context.Log($"{users} users: {decisions.Count} decision records ({parsed.Count(d => d.Stage == DecisionStage.Router)} router, {parsed.Count(d => d.Stage == DecisionStage.Executor)} executor) in {seconds:0.00} s");
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["users"] = users,
            ["users_decided"] = decisions.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count(),
            ["decision_records"] = decisions.Count,
            ["decision_records_per_1000_users_per_fanout"] = decisions.Count * perThousand,
            ["decision_bytes_per_1000_users_per_fanout"] = bytes * perThousand,
            ["decision_record_avg_bytes"] = decisions.Count == 0 ? 0 : bytes / decisions.Count,
            ["router_filtered_records_per_1000_users"] = parsed.Count(d => d.Stage == DecisionStage.Router) * perThousand,
            ["executor_records_per_1000_users"] = parsed.Count(d => d.Stage == DecisionStage.Executor) * perThousand,
            ["executed_decisions"] = parsed.Count(d => d.Verdict == DecisionVerdict.Executed),
            ["seconds_publish_to_every_decision"] = seconds,
        };
    }

    /// <summary>A quarter want STRONG (filtered: min-strength), a tenth have the bot off, the rest take MODERATE signals.</summary>
    private static UserSettings User(string userId, int i) => new()
    {
        UserId = userId,
        BotEnabled = i % 10 != 9,
        MinStrength = i % 4 == 0 ? SignalStrength.Strong : SignalStrength.Weak,
        Symbols = ["ETHUSDT"],
        Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = 100m },
        Leverage = 5,
        PaperTrading = true,
    };

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
        ["Streams:Consumer:fetch.wait.max.ms"] = "20",
    }.With();

    private static async Task<HostedApp> StartAsync(Dictionary<string, string?> settings, Action<IHostApplicationBuilder> add, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        add(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(cancellationToken);
        return new HostedApp(app);
    }

    private sealed class HostedApp(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
