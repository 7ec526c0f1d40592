using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Confluent.Kafka;
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
/// One signal to N paper users through the real router and executor (hosted here, against the dev cluster, a real
/// redis-server and the paper exchange with no fill latency): executions/s and the time from publishing the signal
/// to each user's executed record arriving on <c>signal-executions</c>, next to a raw Kafka round trip of N records.
/// </summary>
public sealed class ExecutionBenchmark : IBenchmark
{
    private const string PaperKey = "paper-demo-key";
    private const string PaperSecret = "paper-demo-secret";

    public string Name => "execution";

    public string Description => "one signal to 1,000 and 10,000 paper users through signal-router + signal-executor: executions/s, publish→executed p50/p99, vs raw Kafka round trip";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        using var redis = new RedisServerFixture();
        foreach (var full in new[] { 1_000, 10_000 })
        {
            var users = context.Count(full);
            var label = "users_" + users.ToString(CultureInfo.InvariantCulture);
            foreach (var (name, value) in await RunOnceAsync(context, redis, users, cancellationToken))
            {
                figures[$"{label}.{name}"] = value;
            }
        }

        return figures;
    }

    private static async Task<Dictionary<string, double>> RunOnceAsync(BenchmarkContext context, RedisServerFixture redis, int users, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var topics = new TopicNames($"bench-exec-{run}-");
        context.Kafka.CreateTopics(topics);
        var clients = new KafkaClientFactory(Options.Create(new KafkaOptions { BootstrapServers = context.Kafka.BootstrapServers, TopicPrefix = topics.Prefix }), NullLoggerFactory.Instance);
        await using var exchange = await PaperExchangeApp.StartAsync(new Dictionary<string, string?>
        {
            ["PaperExchange:Accounts:0:ApiKey"] = PaperKey,
            ["PaperExchange:Accounts:0:ApiSecret"] = PaperSecret,
            ["PaperExchange:Accounts:0:Balances:USDT"] = "1000000000000",
            ["PaperExchange:FillLatencyMs"] = "0",
        }, cancellationToken: cancellationToken);

        using var producer = clients.CreateProducer("bench-exec-inputs");
        var writer = new ContractRecordWriter(producer);
        var userIds = Enumerable.Range(0, users).Select(i => $"bench-{run}-{i:D5}").ToList();
        await Task.WhenAll(userIds.Select(u => writer.WriteAsync(topics.UserSettings, u, User(u, "ETHUSDT"), ContractsJsonContext.Default.UserSettings, SchemaNames.UserSettings, cancellationToken)));
        await writer.WriteAsync(topics.UserSettings, "warm-up-" + run, User("warm-up-" + run, "BNBUSDT"), ContractsJsonContext.Default.UserSettings, SchemaNames.UserSettings, cancellationToken);

        var settings = Settings(context, topics, redis, exchange, run);
        await using var executor = await StartAsync(settings, b => b.AddSignalExecutor(), cancellationToken);
        await using var router = await StartAsync(settings, b => b.AddSignalRouter(), cancellationToken);
        using var results = new ExecutedRecords(context.Kafka.BootstrapServers, topics.SignalExecutions, topics.PartitionsOf(topics.SignalExecutions));

        // Warm-up: one signal only the warm-up user takes, so group joins and restores are not measured.
        var warmUp = Signal("warm-up-" + run, "BNBUSDT", 600m);
        await writer.WriteAsync(topics.Signals, warmUp.SignalId, warmUp, ContractsJsonContext.Default.Signal, SchemaNames.Signal, cancellationToken);
        await results.WaitForAsync(warmUp.SignalId, 1, TimeSpan.FromMinutes(2), cancellationToken);
        context.Log($"{users} users: router and executor warm");

        var signal = Signal("bench-" + run, "ETHUSDT", 3500m);
        var published = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        await writer.WriteAsync(topics.Signals, signal.SignalId, signal, ContractsJsonContext.Default.Signal, SchemaNames.Signal, cancellationToken);
        var arrivals = await results.WaitForAsync(signal.SignalId, users, TimeSpan.FromMinutes(15), cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        context.Log($"{users} users: {arrivals.Count} executed in {seconds:0.00} s");

        var fromPublish = arrivals.Select(a => (a.Arrived - published).TotalMilliseconds).Order().ToArray();
        var recordLatency = arrivals.Select(a => (double)(a.Record.Latency ?? 0)).Order().ToArray();
        var orders = exchange.Orders.All().Where(o => o.ClientOrderId != ClientOrderIds.For(warmUp.SignalId, "warm-up-" + run)).ToList();
        var roundTrip = RawRoundTrip(context, clients, run, users, arrivals[0].Size);
        context.Log($"{users} records: raw Kafka round trip in {roundTrip:0.00} s");
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["executed_records"] = arrivals.Count,
            ["orders_at_exchange"] = orders.Count,
            ["duplicate_orders"] = orders.Count - orders.Select(o => o.ClientOrderId).Distinct().Count(),
            ["seconds_publish_to_last_executed"] = seconds,
            ["executions_per_second"] = users / seconds,
            ["publish_to_executed_record_p50_ms"] = Percentile(fromPublish, 0.50),
            ["publish_to_executed_record_p99_ms"] = Percentile(fromPublish, 0.99),
            ["publish_to_executed_record_max_ms"] = fromPublish[^1],
            ["record_latency_field_p50_ms"] = Percentile(recordLatency, 0.50),
            ["record_latency_field_p99_ms"] = Percentile(recordLatency, 0.99),
            ["raw_kafka_round_trip_seconds"] = roundTrip,
            ["raw_kafka_round_trip_records_per_second"] = users / roundTrip,
        };
    }

    /// <summary>Produce N records of an executed record's size (acks=all) and consume them back: the Kafka-only ceiling.</summary>
    private static double RawRoundTrip(BenchmarkContext context, KafkaClientFactory clients, string run, int count, int size)
    {
        var topic = $"bench-exec-raw-{run}-{count}";
        context.Kafka.CreateTopic(topic, 12);
        var payload = new byte[size];
        RandomNumberGenerator.Fill(payload);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = context.Kafka.BootstrapServers, GroupId = "bench-raw-" + run, EnableAutoCommit = false }).Build();
        consumer.Assign(Enumerable.Range(0, 12).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        using var producer = clients.CreateProducer("bench-exec-raw");

        // One record through first, so that connections and fetch sessions exist before timing starts (as for the warm services).
        producer.Produce(topic, new Message<string, byte[]> { Key = "warm-up", Value = payload });
        while (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { IsPartitionEOF: false })
        {
        }

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            producer.Produce(topic, new Message<string, byte[]> { Key = "user-" + i.ToString(CultureInfo.InvariantCulture), Value = payload });
        }

        var received = 0;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (received < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false })
            {
                received++;
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        return received == count ? Stopwatch.GetElapsedTime(started).TotalSeconds : throw new TimeoutException($"Raw round trip read {received} of {count} records.");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

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

    private static async Task<AsyncHost> StartAsync(Dictionary<string, string?> settings, Action<IHostApplicationBuilder> add, CancellationToken cancellationToken)
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
        return new AsyncHost(app);
    }

    private static UserSettings User(string userId, string symbol) => new()
    {
        UserId = userId,
        BotEnabled = true,
        Symbols = [symbol],
        Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = 100m },
        Leverage = 5,
        PaperTrading = true,
    };

    private static Signal Signal(string signalId, string symbol, decimal price) => new()
    {
        SignalId = signalId,
        Source = "benchmark",
        Symbol = symbol,
        Market = MarketType.Futures,
        Side = OrderSide.Buy,
        EntryPrice = price,
        Strength = SignalStrength.Strong,
        Status = SignalStatus.Active,
        CreatedAt = DateTimeOffset.UtcNow,
        ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(20),
    };

    private sealed class AsyncHost(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
