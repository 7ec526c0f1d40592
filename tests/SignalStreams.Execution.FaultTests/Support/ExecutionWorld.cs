using System.Globalization;
using System.Security.Cryptography;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.PaperExchange;
using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests.Support;

/// <summary>
/// What one test runs against: fresh topics on the shared mock cluster, a paper exchange in this process (one
/// account with a large balance, fills at once), a producer for the inputs, and the settings the router and the
/// executor need, whether they run here or as processes. The services' settings come from
/// <see cref="ExecutionTestSettings"/>, as ExecutionSystem's do: this harness is for faults that need processes a test
/// can kill (kill -9, rebalances, restarts); ExecutionSystem is for behaviour seen through in-process hosts.
/// </summary>
public sealed class ExecutionWorld : IAsyncDisposable
{
    public const string PaperApiKey = ExecutionTestSettings.PaperApiKey;
    public const string PaperApiSecret = ExecutionTestSettings.PaperApiSecret;

    private IProducer<string, byte[]> _producer;

    private ExecutionWorld(KafkaClusterFixture kafka, RedisServerFixture redis, PaperExchangeHost exchange)
    {
        Kafka = kafka;
        Redis = redis;
        Exchange = exchange;
        Topics = kafka.NewTopics();
        _producer = kafka.ClientFactory(Topics.Prefix).CreateProducer(kafka.NewName("inputs"));
        Writer = new ContractRecordWriter(_producer);
        RedisKeyPrefix = kafka.NewName("exec") + ":";
    }

    public KafkaClusterFixture Kafka { get; }

    public RedisServerFixture Redis { get; }

    public PaperExchangeHost Exchange { get; }

    public TopicNames Topics { get; }

    public ContractRecordWriter Writer { get; private set; }

    public string MasterKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string RedisKeyPrefix { get; }

    public static async Task<ExecutionWorld> StartAsync(KafkaClusterFixture kafka, RedisServerFixture redis)
    {
        var exchange = await PaperExchangeApp.StartAsync(new Dictionary<string, string?>
        {
            ["PaperExchange:Accounts:0:ApiKey"] = PaperApiKey,
            ["PaperExchange:Accounts:0:ApiSecret"] = PaperApiSecret,
            ["PaperExchange:Accounts:0:Balances:USDT"] = "1000000000",
            ["PaperExchange:FillLatencyMs"] = "0",
            ["PaperExchange:PriceMode"] = "Fixed",
        });
        return new ExecutionWorld(kafka, redis, exchange);
    }

    /// <summary>
    /// Moves the leadership of every partition of this world's topics to <paramref name="brokerFor"/>(topic), so a
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

    /// <summary>Users that trade every signal on the paper exchange: 100 USDT margin at leverage 5.</summary>
    public async Task WriteUsersAsync(IEnumerable<string> userIds)
    {
        await Task.WhenAll(userIds.Select(id => Writer.WriteAsync(Topics.UserSettings, id, PaperUser(id), ContractsJsonContext.Default.UserSettings, SchemaNames.UserSettings)));
    }

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

    public Task PublishSignalAsync(Signal signal) =>
        Writer.WriteAsync(Topics.Signals, signal.SignalId, signal, ContractsJsonContext.Default.Signal, SchemaNames.Signal);

    /// <summary>A fan-out command as the router writes it (key userId).</summary>
    public Task SendCommandAsync(Signal signal, string userId) =>
        Writer.WriteAsync(
            Topics.ExecutionCommands,
            userId,
            new ExecutionCommand { SignalId = signal.SignalId, UserId = userId, Signal = signal, Trigger = ExecutionTrigger.Fanout, IssuedAt = DateTimeOffset.UtcNow },
            ContractsJsonContext.Default.ExecutionCommand,
            SchemaNames.ExecutionCommand);

    /// <summary>Executor configuration (keys as in appsettings; <see cref="ServiceProcess"/> turns them into environment variables).</summary>
    /// <summary>The executor's consumer group: its Streamiz application id behind this world's topic prefix.</summary>
    public string ExecutorGroup => Topics.Name(SignalStreams.SignalExecutor.Topology.ExecutorTopology.ApplicationId);

    /// <summary>
    /// The executor's settings; <paramref name="callsInFlightPerEndpoint"/> bounds its concurrent exchange calls (a
    /// slow fan-out). Each process started with them gets a state directory of its own (<see cref="ServiceProcess"/>).
    /// </summary>
    public Dictionary<string, string> ExecutorSettings(int callsInFlightPerEndpoint = 32)
    {
        var settings = ExecutionTestSettings.Executor(Kafka.BootstrapServers, Topics.Prefix, Redis.Configuration, RedisKeyPrefix, MasterKey, Exchange.BaseUrl);
        settings["Logging:LogLevel:Default"] = "Information";
        settings["Logging:LogLevel:Microsoft"] = "Warning";
        settings["Executor:Dispatcher:MaxInFlightPerEndpoint"] = callsInFlightPerEndpoint.ToString(CultureInfo.InvariantCulture);
        settings["Executor:ClaimLeaseSeconds"] = "5";
        settings["Executor:ReconcileIntervalMs"] = "500";
        settings["Executor:ReconcileGraceMs"] = "1000";
        return settings.ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);
    }

    public Dictionary<string, string> RouterSettings(string applicationId)
    {
        // Streamiz names the router's store changelogs after its application id.
        Kafka.CreateTopics(Topics.InternalTopicsOf("signal-router", applicationId));
        var settings = ExecutionTestSettings.Router(Kafka.BootstrapServers, Topics.Prefix);
        settings["Logging:LogLevel:Default"] = "Information";
        settings["Logging:LogLevel:Microsoft"] = "Warning";
        settings["Router:ApplicationId"] = applicationId;
        settings["Router:ExpiryCheckIntervalMs"] = "500";
        return settings.ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);
    }

    /// <summary>The router's fan-out store changelog when it runs as <paramref name="applicationId"/>.</summary>
    public string RouterFanoutsChangelog(string applicationId) => Topics.Name(applicationId) + "-fanouts-changelog";

    /// <summary>Every version of every execution record of the signal on <c>signal-executions</c>, read to the end now.</summary>
    public IReadOnlyList<(string Key, SignalExecution Record, int Partition, long Offset)> ExecutionRecordsOf(string signalId) =>
        TopicReader.ReadAll(Kafka.BootstrapServers, Topics.SignalExecutions, TimeSpan.FromSeconds(30))
            .Where(r => r.Key is not null && r.Key.StartsWith(signalId + ":", StringComparison.Ordinal) && r.Value is not null)
            .Select(r => (r.Key!, r.As(ContractsJsonContext.Default.SignalExecution), r.Partition, r.Offset))
            .ToList();

    /// <summary>The latest record per key (what a compacted topic keeps).</summary>
    public static IReadOnlyDictionary<string, SignalExecution> Latest(IEnumerable<(string Key, SignalExecution Record, int Partition, long Offset)> records) =>
        records.GroupBy(r => r.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Offset).Last().Record, StringComparer.Ordinal);

    /// <summary>Latest status per key among tailed records of one signal.</summary>
    public static Dictionary<string, ExecutionStatus> LatestStatuses(IEnumerable<TopicRecord> records, string signalId)
    {
        var latest = new Dictionary<string, ExecutionStatus>(StringComparer.Ordinal);
        foreach (var record in records.Where(r => r.Key is not null && r.Value is not null && r.Key.StartsWith(signalId + ":", StringComparison.Ordinal)).OrderBy(r => r.Partition).ThenBy(r => r.Offset))
        {
            latest[record.Key!] = record.As(ContractsJsonContext.Default.SignalExecution).Status;
        }

        return latest;
    }

    /// <summary>The paper exchange's orders, grouped by clientOrderId, for the given (signal, users).</summary>
    public Dictionary<string, int> OrdersPerClientOrderId(string signalId, IEnumerable<string> userIds)
    {
        var expected = userIds.Select(u => ClientOrderIds.For(signalId, u)).ToHashSet(StringComparer.Ordinal);
        return Exchange.Orders.All().Where(o => expected.Contains(o.ClientOrderId))
            .GroupBy(o => o.ClientOrderId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
        await Exchange.DisposeAsync();
    }
}
