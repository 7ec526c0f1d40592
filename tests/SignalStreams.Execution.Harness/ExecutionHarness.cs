using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Kafka;
using SignalStreams.PaperExchange;
using SignalStreams.SignalExecutor;
using SignalStreams.SignalRouter;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Harness;

/// <summary>
/// The one harness of the executor and the router, shared by the behaviour tests, the fault tests and the benchmarks:
/// fresh topics on the cluster, a paper exchange in this process (serving the paper and the "Binance" base URLs), a
/// producer for the inputs (<see cref="Writer"/>, <see cref="Inputs"/>), a reader of the outputs (<see cref="Outputs"/>),
/// the executor's Redis key prefix and master key, and the services' settings (<see cref="ExecutorSettings"/>,
/// <see cref="RouterSettings"/>, built on <see cref="ExecutionTestSettings"/> with each project's
/// <see cref="HarnessOptions"/>). The services run either hosted here (<see cref="HostExecutorAsync"/>,
/// <see cref="HostRouterAsync"/>, or any number of <see cref="ServiceHost"/>s), for behaviour seen through logs,
/// tables and HTTP endpoints, or as processes a test can kill (<see cref="ServiceProcess"/>), for crashes,
/// rebalances and restarts.
/// </summary>
public sealed class ExecutionHarness : IAsyncDisposable
{
    public const string PaperApiKey = ExecutionTestSettings.PaperApiKey;
    public const string PaperApiSecret = ExecutionTestSettings.PaperApiSecret;

    /// <summary>The price of every test symbol (<see cref="NewSymbol"/>, <see cref="TestSymbolExchange"/>).</summary>
    public const decimal SymbolPrice = 100m;

    /// <summary>The slippage of the exchange <see cref="TestSymbolExchange"/> configures.</summary>
    public const decimal SlippagePercent = 0.1m;

    private const int SymbolCount = 40;

    /// <summary>A real-looking Binance key pair; the exchange of <see cref="TestSymbolExchange"/> knows it as a second account.</summary>
    public static readonly ApiCredentials LiveCredentials = new(
        "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
        "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j");

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly HarnessOptions _options;
    private IProducer<string, byte[]> _producer;
    private Dictionary<string, string> _hostedExecutorSettings = [];
    private int _symbols;

    private ExecutionHarness(KafkaClusterFixture kafka, string redisConfiguration, TopicNames topics, PaperExchangeHost exchange, HarnessOptions options)
    {
        Kafka = kafka;
        RedisConfiguration = redisConfiguration;
        Topics = topics;
        Exchange = exchange;
        _options = options;
        RedisKeyPrefix = options.RedisKeyPrefix ?? kafka.NewName("exec") + ":";
        _producer = kafka.ClientFactory(topics.Prefix).CreateProducer(kafka.NewName("inputs"));
        Writer = new ContractRecordWriter(_producer);
        Outputs = new ExecutionOutputs(kafka.BootstrapServers, topics, exchange);
        Clients = kafka.ClientFactory(topics.Prefix);
    }

    public KafkaClusterFixture Kafka { get; }

    public string Bootstrap => Kafka.BootstrapServers;

    /// <summary>The executor's <c>Redis:Configuration</c>.</summary>
    public string RedisConfiguration { get; }

    public TopicNames Topics { get; }

    public PaperExchangeHost Exchange { get; }

    public string MasterKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Prefix of the executor's claim keys in Redis: <c>{prefix}{signalId}:{userId}</c>.</summary>
    public string RedisKeyPrefix { get; }

    /// <summary>Writes the inputs as records (contract JSON, schema header, murmur2); replaced by <see cref="PlaceLeaders"/>.</summary>
    public ContractRecordWriter Writer { get; private set; }

    /// <summary>Client settings as the services build them, behind this harness's topic prefix.</summary>
    public KafkaClientFactory Clients { get; }

    /// <summary>The inputs written as other services would, each waiting until the hosted services' tables hold it.</summary>
    public TestInputs Inputs => new(this);

    public ExecutionOutputs Outputs { get; }

    /// <summary>The executor hosted by <see cref="HostExecutorAsync"/>.</summary>
    public ServiceHost Executor { get; private set; } = null!;

    public Uri ExecutorUrl => Executor.Url;

    /// <summary>Every line of the hosted executor, across its restarts.</summary>
    public CapturedLogs ExecutorLogs { get; } = new();

    /// <summary>The router hosted by <see cref="HostRouterAsync"/>, if any.</summary>
    public ServiceHost? Router { get; private set; }

    public CapturedLogs RouterLogs { get; } = new();

    /// <summary>The executor's consumer group: its Streamiz application id behind this harness's topic prefix.</summary>
    public string ExecutorGroup => Topics.Name(SignalExecutor.Topology.ExecutorTopology.ApplicationId);

    /// <summary>
    /// Creates the topics (a fresh prefix unless <see cref="HarnessOptions.TopicPrefix"/>) and starts the paper
    /// exchange; no service runs yet.
    /// </summary>
    public static async Task<ExecutionHarness> StartAsync(KafkaClusterFixture kafka, string redisConfiguration, HarnessOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new HarnessOptions();
        TopicNames topics;
        if (options.TopicPrefix is { } prefix)
        {
            topics = new TopicNames(prefix);
            kafka.CreateTopics(topics);
        }
        else
        {
            topics = kafka.NewTopics();
        }

        var exchangeSettings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PaperExchange:Accounts:0:ApiKey"] = PaperApiKey,
            ["PaperExchange:Accounts:0:ApiSecret"] = PaperApiSecret,
            ["PaperExchange:Accounts:0:Balances:USDT"] = "1000000000",
            ["PaperExchange:PriceMode"] = "Fixed",
        };
        Lay(exchangeSettings, options.Exchange);
        var exchange = await PaperExchangeApp.StartAsync(exchangeSettings, cancellationToken: cancellationToken);
        return new ExecutionHarness(kafka, redisConfiguration, topics, exchange, options);
    }

    /// <summary>
    /// The executor's settings (keys as in appsettings): <see cref="ExecutionTestSettings.Executor"/>, the project's
    /// <see cref="HarnessOptions.Executor"/>, then <paramref name="overrides"/>. No state directory: each host or
    /// process started with them gets one of its own unless a test names one.
    /// </summary>
    public Dictionary<string, string> ExecutorSettings(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = ExecutionTestSettings.Executor(Bootstrap, Topics.Prefix, RedisConfiguration, RedisKeyPrefix, MasterKey, Exchange.BaseUrl);
        Lay(settings, _options.Executor);
        Lay(settings, overrides);
        return NonNull(settings);
    }

    /// <summary>
    /// The router's settings: <see cref="ExecutionTestSettings.Router"/> (a state directory of its own per call), the
    /// project's <see cref="HarnessOptions.Router"/>, then <paramref name="overrides"/>. With an
    /// <paramref name="applicationId"/> of its own, the internal topics Streamiz names after it are created first.
    /// </summary>
    public Dictionary<string, string> RouterSettings(string? applicationId = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = ExecutionTestSettings.Router(Bootstrap, Topics.Prefix);
        if (applicationId is not null)
        {
            Kafka.CreateTopics(Topics.InternalTopicsOf("signal-router", applicationId));
            settings["Router:ApplicationId"] = applicationId;
        }

        Lay(settings, _options.Router);
        Lay(settings, overrides);
        return NonNull(settings);
    }

    /// <summary>The router's fan-out store changelog when it runs as <paramref name="applicationId"/>.</summary>
    public string RouterFanoutsChangelog(string applicationId) => Topics.Name(applicationId) + "-fanouts-changelog";

    /// <summary>Hosts the executor here (<see cref="Executor"/>) with <see cref="ExecutorSettings"/> and a state directory it keeps across <see cref="RestartExecutorAsync"/>; waits until it is ready.</summary>
    public async Task HostExecutorAsync(IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken cancellationToken = default)
    {
        _hostedExecutorSettings = ExecutorSettings(overrides);
        _hostedExecutorSettings.TryAdd("Streams:StateDir", TestStreams.NewStateDir());
        Executor = await ServiceHost.StartAsync(_hostedExecutorSettings, b => b.AddSignalExecutor(), _options.CaptureLogs ? ExecutorLogs : null, cancellationToken);
        await UntilReadyAsync(Executor, "the executor");
    }

    /// <summary>Hosts the router here (<see cref="Router"/>) with <see cref="RouterSettings"/>; waits until it is ready.</summary>
    public async Task HostRouterAsync(IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken cancellationToken = default)
    {
        Router = await ServiceHost.StartAsync(RouterSettings(overrides: overrides), b => b.AddSignalRouter(), _options.CaptureLogs ? RouterLogs : null, cancellationToken);
        await UntilReadyAsync(Router, "the router");
    }

    /// <summary>
    /// Stops the hosted executor and starts it again, keeping its state directory (RocksDB: restores only what it
    /// missed) or with a new, empty one (restores everything from the changelogs); waits until it is ready.
    /// </summary>
    public async Task RestartExecutorAsync(bool keepStateDirectory)
    {
        await Executor.DisposeAsync();
        if (!keepStateDirectory)
        {
            _hostedExecutorSettings["Streams:StateDir"] = TestStreams.NewStateDir();
        }

        Executor = await ServiceHost.StartAsync(_hostedExecutorSettings, b => b.AddSignalExecutor(), _options.CaptureLogs ? ExecutorLogs : null);
        await UntilReadyAsync(Executor, "the restarted executor");
    }

    /// <summary>The hosted executor's <c>/health/ready</c> answer: HTTP status and the JSON body.</summary>
    public async Task<(int Status, JsonDocument Body)> ExecutorReadinessAsync()
    {
        using var response = await _http.GetAsync(new Uri(ExecutorUrl, "/health/ready"));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The sum of every series of <paramref name="metric"/> on the hosted executor's <c>/metrics</c> (0 when absent).</summary>
    public async Task<double> ExecutorMetricAsync(string metric)
    {
        var text = await _http.GetStringAsync(new Uri(ExecutorUrl, "/metrics"));
        return PrometheusText.Parse(text).Sum(metric);
    }

    /// <summary>A symbol no other test of this harness trades (needs <see cref="TestSymbolExchange"/>); users of a test subscribe to it alone.</summary>
    public string NewSymbol()
    {
        var n = Interlocked.Increment(ref _symbols);
        return n <= SymbolCount ? Symbol(n) : throw new InvalidOperationException($"Only {SymbolCount} test symbols are configured.");
    }

    /// <summary>
    /// Moves the leadership of every partition of this harness's topics to <paramref name="brokerFor"/>(topic), so a
    /// test can take one broker down and hit exactly the topics it leads. The input producer is replaced, so that
    /// it does not keep sending to the old leaders, and learns every topic's leader now: a producer that first
    /// asks for a topic's metadata after the test took a broker down may ask exactly that broker (its only
    /// connection), which the mock leaves unanswered, and its record times out although its leader is up.
    /// </summary>
    public void PlaceLeaders(Func<string, int> brokerFor)
    {
        foreach (var spec in Topics.All())
        {
            for (var p = 0; p < spec.Partitions; p++)
            {
                Kafka.Cluster.SetPartitionLeader(spec.BaseName, p, brokerFor(spec.BaseName));
            }
        }

        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
        _producer = Kafka.ClientFactory(Topics.Prefix).CreateProducer(Kafka.NewName("inputs"));
        Writer = new ContractRecordWriter(_producer);
        using var metadata = new DependentAdminClientBuilder(_producer.Handle).Build();
        foreach (var spec in Topics.All())
        {
            var topic = metadata.GetMetadata(spec.BaseName, TimeSpan.FromSeconds(30)).Topics.Single();
            if (topic.Error.Code != ErrorCode.NoError || topic.Partitions.Any(p => p.Leader != brokerFor(spec.BaseName)))
            {
                throw new InvalidOperationException($"The input producer does not see {topic.Topic} led by broker {brokerFor(spec.BaseName)}: {topic.Error.Reason}");
            }
        }
    }

    /// <summary>Paper users (<see cref="PaperUser"/>) that trade every signal.</summary>
    public Task WriteUsersAsync(IEnumerable<string> userIds) => WriteUsersAsync(userIds.Select(PaperUser));

    /// <summary>Users as the user-settings topic holds them, written without waiting for any table.</summary>
    public Task WriteUsersAsync(IEnumerable<UserSettings> users, CancellationToken cancellationToken = default) =>
        Task.WhenAll(users.Select(u => Writer.WriteAsync(Topics.UserSettings, u.UserId, u, ContractsJsonContext.Default.UserSettings, SchemaNames.UserSettings, cancellationToken)));

    /// <summary>Publishes a signal on <c>signals</c> (acknowledged by the cluster when this returns; no table is waited for).</summary>
    public Task PublishSignalAsync(Signal signal, CancellationToken cancellationToken = default) =>
        Writer.WriteAsync(Topics.Signals, signal.SignalId, signal, ContractsJsonContext.Default.Signal, SchemaNames.Signal, cancellationToken);

    /// <summary>A fan-out command as the router writes it (key userId).</summary>
    public Task SendCommandAsync(Signal signal, string userId) =>
        Writer.WriteAsync(
            Topics.ExecutionCommands,
            userId,
            new ExecutionCommand { SignalId = signal.SignalId, UserId = userId, Signal = signal, Trigger = ExecutionTrigger.Fanout, IssuedAt = DateTimeOffset.UtcNow },
            ContractsJsonContext.Default.ExecutionCommand,
            SchemaNames.ExecutionCommand);

    /// <summary>A user that trades every signal on the paper exchange: 100 USDT margin at leverage 5.</summary>
    public static UserSettings PaperUser(string userId) => new()
    {
        UserId = userId,
        Email = userId + "@example.com",
        BotEnabled = true,
        MinStrength = SignalStrength.Weak,
        Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = 100m },
        Leverage = 5,
        PaperTrading = true,
    };

    /// <summary>A strong futures (or <paramref name="market"/>) BUY of ETHUSDT at 3500, created now.</summary>
    public static Signal NewSignal(string signalId, MarketType market = MarketType.Futures, TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Signal
        {
            SignalId = signalId,
            Source = "fault-tests",
            Symbol = "ETHUSDT",
            Market = market,
            Side = OrderSide.Buy,
            EntryPrice = 3500m,
            Strength = SignalStrength.Strong,
            Leverage = 5,
            Status = SignalStatus.Active,
            CreatedAt = now,
            ExpiresAt = now + (lifetime ?? TimeSpan.FromMinutes(10)),
        };
    }

    /// <summary>
    /// Exchange settings (<see cref="HarnessOptions.Exchange"/>) for tests that each own a symbol: 40 symbols
    /// (<see cref="NewSymbol"/>) at <see cref="SymbolPrice"/> with <see cref="SlippagePercent"/>, the paper account and
    /// the <see cref="LiveCredentials"/> account.
    /// </summary>
    public static Dictionary<string, string?> TestSymbolExchange()
    {
        var settings = new Dictionary<string, string?>
        {
            ["PaperExchange:PriceMode"] = "Fixed",
            ["PaperExchange:SlippagePercent"] = SlippagePercent.ToString(CultureInfo.InvariantCulture),
            ["PaperExchange:Accounts:0:ApiKey"] = PaperApiKey,
            ["PaperExchange:Accounts:0:ApiSecret"] = PaperApiSecret,
            ["PaperExchange:Accounts:0:Balances:USDT"] = "100000000",
            ["PaperExchange:Accounts:1:ApiKey"] = LiveCredentials.ApiKey,
            ["PaperExchange:Accounts:1:ApiSecret"] = LiveCredentials.ApiSecret,
            ["PaperExchange:Accounts:1:Balances:USDT"] = "100000000",
        };
        for (var n = 1; n <= SymbolCount; n++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"PaperExchange:Symbols:{n - 1}:");
            settings[prefix + "Symbol"] = Symbol(n);
            settings[prefix + "BaseAsset"] = Symbol(n)[..^4];
            settings[prefix + "QuoteAsset"] = "USDT";
            settings[prefix + "Price"] = SymbolPrice.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "TickSize"] = "0.01";
            settings[prefix + "SpotStepSize"] = "0.001";
            settings[prefix + "SpotMinQty"] = "0.001";
            settings[prefix + "FuturesStepSize"] = "0.001";
            settings[prefix + "FuturesMinQty"] = "0.001";
            settings[prefix + "FuturesMinNotional"] = "5";
            settings[prefix + "MaxLeverage"] = "20";
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in new[] { Router, Executor }.OfType<ServiceHost>())
        {
            await host.DisposeAsync();
        }

        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
        await Exchange.DisposeAsync();
        _http.Dispose();
    }

    private async Task UntilReadyAsync(ServiceHost host, string what) =>
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await _http.GetAsync(new Uri(host.Url, "/health/ready"));
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString() == "Healthy";
            },
            what + " reports ready (partitions assigned and restored, tables loaded)");

    private static string Symbol(int n) => string.Create(CultureInfo.InvariantCulture, $"X{n:00}USDT");

    /// <summary>Lays <paramref name="layer"/> over <paramref name="settings"/>: a null value removes the key.</summary>
    private static void Lay(Dictionary<string, string?> settings, IReadOnlyDictionary<string, string?>? layer)
    {
        foreach (var (key, value) in layer ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }
    }

    private static Dictionary<string, string> NonNull(Dictionary<string, string?> settings) =>
        settings.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!, StringComparer.Ordinal);
}
