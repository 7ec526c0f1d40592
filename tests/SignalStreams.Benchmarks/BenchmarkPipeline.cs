using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.PaperExchange;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// The benchmarks' profile of <see cref="ExecutionHarness"/> for the <c>execution</c>, <c>latency</c>,
/// <c>decisions</c> and <c>position-detection</c> benchmarks: the real router and executor hosted in this process as
/// they run in production (the dev-cluster profile, warnings-only logs, the router's default decision chunks), a real
/// redis-server, the paper exchange with no fill latency or slippage, and a separate consumer (<see cref="Results"/>)
/// that notes when each executed record arrives on <c>signal-executions</c>. Users are written before the services
/// start; a warm-up signal to a user of its own makes sure group joins and restores are over before anything is timed.
/// </summary>
internal sealed class BenchmarkPipeline : IAsyncDisposable
{
    public const string PaperKey = ExecutionHarness.PaperApiKey;
    public const string PaperSecret = ExecutionHarness.PaperApiSecret;

    private BenchmarkPipeline(BenchmarkContext context, string run, ExecutionHarness harness)
    {
        Context = context;
        Run = run;
        Harness = harness;
    }

    public BenchmarkContext Context { get; }

    /// <summary>A short id of this run: topic prefix, user ids, signal ids and Redis keys carry it.</summary>
    public string Run { get; }

    public ExecutionHarness Harness { get; }

    public TopicNames Topics => Harness.Topics;

    public PaperExchangeHost Exchange => Harness.Exchange;

    public KafkaClientFactory Clients => Harness.Clients;

    /// <summary><c>signal-executions</c> followed live with the services' <c>Streams:Consumer:*</c> settings: the end point of publish→executed.</summary>
    public TopicReader Results { get; private set; } = null!;

    /// <summary>The executor's settings, whose <c>Streams:Consumer:*</c> and <c>Streams:Producer:*</c> the benchmarks' own clients copy.</summary>
    public Dictionary<string, string?> Settings { get; private set; } = [];

    public string WarmUpUser => "warm-up-" + Run;

    /// <summary>
    /// Starts the harness, writes <paramref name="users"/> (userId, symbol) as paper users, hosts executor and router
    /// and sends one warm-up signal through them.
    /// </summary>
    public static Task<BenchmarkPipeline> StartAsync(BenchmarkContext context, RedisServerFixture redis, IEnumerable<(string UserId, string Symbol)> users, CancellationToken cancellationToken) =>
        StartAsync(context, redis, users.Select(u => User(u.UserId, u.Symbol)), cancellationToken);

    /// <summary>As above, with users' settings of the benchmark's own (filters, bot off, ...).</summary>
    public static Task<BenchmarkPipeline> StartAsync(BenchmarkContext context, RedisServerFixture redis, IEnumerable<UserSettings> users, CancellationToken cancellationToken) =>
        StartAsync(context, redis, users, null, cancellationToken);

    /// <summary>As above, with service settings (the executor's and the router's) that replace the pipeline's.</summary>
    public static async Task<BenchmarkPipeline> StartAsync(BenchmarkContext context, RedisServerFixture redis, IEnumerable<UserSettings> users, IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        // The harness waits for each service's readiness; its health checks' "not ready yet" errors are no news here.
        const string HealthChecks = "Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks";
        var executor = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Streams:CommitIntervalMs"] = "200", [HealthChecks] = "Critical" };
        var router = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Router:DecisionChunkSize"] = null, [HealthChecks] = "Critical" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            executor[key] = value;
            router[key] = value;
        }

        var harness = await ExecutionHarness.StartAsync(
            context.Kafka,
            redis.Configuration,
            new HarnessOptions
            {
                TopicPrefix = $"bench-exec-{run}-",
                RedisKeyPrefix = $"bench:{run}:",
                CaptureLogs = false,
                Exchange = new Dictionary<string, string?>
                {
                    ["PaperExchange:Accounts:0:Balances:USDT"] = "1000000000000",
                    ["PaperExchange:FillLatencyMs"] = "0",
                    ["PaperExchange:SlippagePercent"] = "0",
                },
                Executor = executor,
                Router = router,
            },
            cancellationToken);
        var pipeline = new BenchmarkPipeline(context, run, harness);
        try
        {
            await harness.WriteUsersAsync(users.Append(User(pipeline.WarmUpUser, "BNBUSDT")), cancellationToken);
            pipeline.Settings = harness.ExecutorSettings().ToDictionary(s => s.Key, s => (string?)s.Value, StringComparer.Ordinal);
            await harness.HostExecutorAsync(cancellationToken: cancellationToken);
            await harness.HostRouterAsync(cancellationToken: cancellationToken);
            pipeline.Results = TopicReader.Follow(context.Kafka.BootstrapServers, harness.Topics.SignalExecutions, harness.Topics.PartitionsOf(harness.Topics.SignalExecutions), ServiceClientSettings.Consumer(new Confluent.Kafka.ClientConfig(), pipeline.Settings));

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

    /// <summary>Paper users of one symbol each, as the user-settings topic holds them.</summary>
    public Task WriteUsersAsync(IEnumerable<(string UserId, string Symbol)> users, CancellationToken cancellationToken) =>
        Harness.WriteUsersAsync(users.Select(u => User(u.UserId, u.Symbol)), cancellationToken);

    /// <summary>Publishes a signal (acknowledged by the cluster when this returns).</summary>
    public Task PublishAsync(Signal signal, CancellationToken cancellationToken) => Harness.PublishSignalAsync(signal, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> users have an executed record of the signal; the first of each, with its arrival time.</summary>
    public Task<IReadOnlyList<TopicRecord>> ExecutedAsync(string signalId, int count, TimeSpan timeout, CancellationToken cancellationToken) =>
        Results.UntilFirstPerKeyAsync(ContractsJsonContext.Default.SignalExecution, e => e.SignalId == signalId && e.Status == ExecutionStatus.Executed, count, timeout, cancellationToken);

    /// <summary>The paper exchange's orders of a signal, and how many of them repeat a clientOrderId.</summary>
    public (int Orders, int Duplicates) OrdersOf(string signalId, IEnumerable<string> userIds)
    {
        var orders = Harness.Outputs.OrdersPerClientOrderId(signalId, userIds);
        return (orders.Values.Sum(), orders.Values.Sum() - orders.Count);
    }

    public async ValueTask DisposeAsync()
    {
        Results?.Dispose();
        await Harness.DisposeAsync();
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
}
