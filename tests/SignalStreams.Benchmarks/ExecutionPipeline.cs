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
/// The execution path as it runs in production, hosted in this process for the <c>execution</c> and <c>latency</c>
/// benchmarks: fresh topics on the dev cluster, the real router and executor (each with the test defaults of
/// <see cref="TestStreams"/>: the dev-cluster profile), a real redis-server, the paper exchange with no fill latency, and
/// a separate consumer that notes when each executed record arrives on <c>signal-executions</c>. Users are written
/// before the services start; a warm-up signal to a user of its own makes sure group joins and restores are over
/// before anything is timed.
/// </summary>
internal sealed class ExecutionPipeline : IAsyncDisposable
{
    public const string PaperKey = "paper-demo-key";
    public const string PaperSecret = "paper-demo-secret";

    private readonly List<IAsyncDisposable> _hosts = [];
    private readonly Confluent.Kafka.IProducer<string, byte[]> _producer;

    private ExecutionPipeline(BenchmarkContext context, string run, TopicNames topics, PaperExchangeHost exchange, KafkaClientFactory clients, RedisServerFixture redis)
    {
        Context = context;
        Run = run;
        Topics = topics;
        Exchange = exchange;
        Clients = clients;
        Redis = redis;
        _producer = clients.CreateProducer("bench-inputs-" + run);
        Writer = new ContractRecordWriter(_producer);
    }

    public BenchmarkContext Context { get; }

    /// <summary>A short id of this run: user ids, signal ids and Redis keys carry it.</summary>
    public string Run { get; }

    public TopicNames Topics { get; }

    public PaperExchangeHost Exchange { get; }

    public KafkaClientFactory Clients { get; }

    public RedisServerFixture Redis { get; }

    public ContractRecordWriter Writer { get; }

    /// <summary><c>signal-executions</c> followed live with the services' <c>Streams:Consumer:*</c> settings: the end point of publish→executed.</summary>
    public TopicReader Results { get; private set; } = null!;

    /// <summary>The services' settings (the executor's and the router's; every key is read by the one that knows it).</summary>
    public Dictionary<string, string?> Settings { get; private set; } = [];

    /// <summary>
    /// Starts the exchange, writes <paramref name="users"/> (userId, symbol) as paper users, starts executor and router
    /// and sends one warm-up signal through them.
    /// </summary>
    public static Task<ExecutionPipeline> StartAsync(BenchmarkContext context, RedisServerFixture redis, IEnumerable<(string UserId, string Symbol)> users, CancellationToken cancellationToken) =>
        StartAsync(context, redis, users.Select(u => User(u.UserId, u.Symbol)), cancellationToken);

    /// <summary>As above, with users' settings of the benchmark's own (filters, bot off, ...).</summary>
    public static Task<ExecutionPipeline> StartAsync(BenchmarkContext context, RedisServerFixture redis, IEnumerable<UserSettings> users, CancellationToken cancellationToken) =>
        StartAsync(context, redis, users, null, cancellationToken);

    /// <summary>As above, with service settings that replace the pipeline's (e.g. the executor's detection settings).</summary>
    public static async Task<ExecutionPipeline> StartAsync(BenchmarkContext context, RedisServerFixture redis, IEnumerable<UserSettings> users, IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var topics = new TopicNames($"bench-exec-{run}-");
        context.Kafka.CreateTopics(topics);
        var clients = new KafkaClientFactory(Options.Create(new KafkaOptions { BootstrapServers = context.Kafka.BootstrapServers, TopicPrefix = topics.Prefix }), NullLoggerFactory.Instance);
        var exchange = await PaperExchangeApp.StartAsync(new Dictionary<string, string?>
        {
            ["PaperExchange:Accounts:0:ApiKey"] = PaperKey,
            ["PaperExchange:Accounts:0:ApiSecret"] = PaperSecret,
            ["PaperExchange:Accounts:0:Balances:USDT"] = "1000000000000",
            ["PaperExchange:FillLatencyMs"] = "0",
            ["PaperExchange:PriceMode"] = "Fixed",
            ["PaperExchange:SlippagePercent"] = "0",
        }, cancellationToken: cancellationToken);
        var pipeline = new ExecutionPipeline(context, run, topics, exchange, clients, redis);
        try
        {
            await pipeline.WriteUsersAsync(users.Append(User(pipeline.WarmUpUser, "BNBUSDT")), cancellationToken);
            pipeline.Settings = ServiceSettings(context, topics, redis, exchange, run);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                pipeline.Settings[key] = value;
            }

            pipeline._hosts.Add(await StartHostAsync(pipeline.Settings, b => b.AddSignalExecutor(), cancellationToken));
            pipeline._hosts.Add(await StartHostAsync(pipeline.Settings, b => b.AddSignalRouter(), cancellationToken));
            pipeline.Results = TopicReader.Follow(context.Kafka.BootstrapServers, topics.SignalExecutions, topics.PartitionsOf(topics.SignalExecutions), ServiceClientSettings.Consumer(new Confluent.Kafka.ClientConfig(), pipeline.Settings));

            // Warm-up: one signal only the warm-up user takes, so group joins and restores are not measured.
            var warmUp = NewSignal("warm-up-" + run, "BNBUSDT", 600m);
            await pipeline.PublishAsync(warmUp, cancellationToken);
            await pipeline.ExecutedAsync(warmUp.SignalId, 1, TimeSpan.FromMinutes(2), cancellationToken);
            return pipeline;
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }
    }

    public string WarmUpUser => "warm-up-" + Run;

    /// <summary>Paper users of one symbol each, as the user-settings topic holds them.</summary>
    public Task WriteUsersAsync(IEnumerable<(string UserId, string Symbol)> users, CancellationToken cancellationToken) =>
        WriteUsersAsync(users.Select(u => User(u.UserId, u.Symbol)), cancellationToken);

    /// <summary>Users as the user-settings topic holds them.</summary>
    public Task WriteUsersAsync(IEnumerable<UserSettings> users, CancellationToken cancellationToken) =>
        Task.WhenAll(users.Select(u => Writer.WriteAsync(Topics.UserSettings, u.UserId, u, ContractsJsonContext.Default.UserSettings, SchemaNames.UserSettings, cancellationToken)));

    /// <summary>Publishes a signal (acknowledged by the cluster when this returns).</summary>
    public Task PublishAsync(Signal signal, CancellationToken cancellationToken) =>
        Writer.WriteAsync(Topics.Signals, signal.SignalId, signal, ContractsJsonContext.Default.Signal, SchemaNames.Signal, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> users have an executed record of the signal; the first of each, with its arrival time.</summary>
    public Task<IReadOnlyList<TopicRecord>> ExecutedAsync(string signalId, int count, TimeSpan timeout, CancellationToken cancellationToken) =>
        Results.UntilFirstPerKeyAsync(ContractsJsonContext.Default.SignalExecution, e => e.SignalId == signalId && e.Status == ExecutionStatus.Executed, count, timeout, cancellationToken);

    /// <summary>The paper exchange's orders of a signal, and how many of them repeat a clientOrderId.</summary>
    public (int Orders, int Duplicates) OrdersOf(string signalId, IEnumerable<string> userIds)
    {
        var expected = userIds.Select(u => ClientOrderIds.For(signalId, u)).ToHashSet(StringComparer.Ordinal);
        var orders = Exchange.Orders.All().Where(o => expected.Contains(o.ClientOrderId)).ToList();
        return (orders.Count, orders.Count - orders.Select(o => o.ClientOrderId).Distinct().Count());
    }

    public async ValueTask DisposeAsync()
    {
        Results?.Dispose();
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].DisposeAsync();
        }

        _producer.Dispose();
        await Exchange.DisposeAsync();
    }

    public static UserSettings User(string userId, string symbol) => new()
    {
        UserId = userId,
        BotEnabled = true,
        Symbols = [symbol],
        Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = 100m },
        Leverage = 5,
        PaperTrading = true,
    };

    public static Signal NewSignal(string signalId, string symbol, decimal price) => new()
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

    private static Dictionary<string, string?> ServiceSettings(BenchmarkContext context, TopicNames topics, RedisServerFixture redis, PaperExchangeHost exchange, string run) => new Dictionary<string, string?>(StringComparer.Ordinal)
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
    }.With();

    private static async Task<IAsyncDisposable> StartHostAsync(Dictionary<string, string?> settings, Action<IHostApplicationBuilder> add, CancellationToken cancellationToken)
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

    private sealed class AsyncHost(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
