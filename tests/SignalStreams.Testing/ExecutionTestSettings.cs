namespace SignalStreams.Testing;

/// <summary>
/// The settings the executor and the router run with in tests and benchmarks, built in one place for
/// <c>ExecutionHarness</c> (tests/SignalStreams.Execution.Harness: the services hosted in the test process or started
/// as processes a test can kill): the cluster and topic prefix, the dev-cluster profile of <see cref="TestStreams"/>,
/// and for the executor Redis, the master key and the paper exchange standing in for every exchange. Each project's
/// profile of the harness adds only what it tunes (claim lease, reconcile periods, logging).
/// </summary>
public static class ExecutionTestSettings
{
    public const string PaperApiKey = "paper-demo-key";
    public const string PaperApiSecret = "paper-demo-secret";

    /// <summary>What every service of a test needs: the cluster, the test's topic prefix, topics verified (the test creates them).</summary>
    public static Dictionary<string, string?> Common(string bootstrapServers, string topicPrefix) => new(StringComparer.Ordinal)
    {
        ["Kafka:BootstrapServers"] = bootstrapServers,
        ["Kafka:TopicPrefix"] = topicPrefix,
        ["Kafka:Provisioning"] = "Verify",
    };

    /// <summary>The executor's settings: <paramref name="paperExchange"/> serves the paper and the Binance base URLs.</summary>
    public static Dictionary<string, string?> Executor(string bootstrapServers, string topicPrefix, string redisConfiguration, string redisKeyPrefix, string masterKey, Uri paperExchange)
    {
        var settings = Common(bootstrapServers, topicPrefix);
        settings["Redis:Configuration"] = redisConfiguration;
        settings["Secrets:MasterKey"] = masterKey;
        settings["Exchange:Paper:BaseUrl"] = paperExchange.ToString();
        settings["Exchange:Paper:ApiKey"] = PaperApiKey;
        settings["Exchange:Paper:ApiSecret"] = PaperApiSecret;
        settings["Exchange:Binance:SpotBaseUrl"] = paperExchange.ToString();
        settings["Exchange:Binance:FuturesBaseUrl"] = paperExchange.ToString();
        settings["Executor:RedisKeyPrefix"] = redisKeyPrefix;
        settings["Streams:Consumer:session.timeout.ms"] = "6000";
        settings["Streams:Consumer:heartbeat.interval.ms"] = "1000";
        return settings.WithDevClusterProfile();
    }

    /// <summary>The router's settings, with the whole <see cref="TestStreams"/> set (a state directory of its own).</summary>
    /// <remarks>
    /// Decisions in chunks of 5: the tests' signals filter the users of every other test (each test has a symbol of its
    /// own), so their filtered decisions are written by the router's timer after the commands, as a large fan-out's are,
    /// and a restarted router must finish them.
    /// </remarks>
    public static Dictionary<string, string?> Router(string bootstrapServers, string topicPrefix)
    {
        var settings = Common(bootstrapServers, topicPrefix).With();
        settings["Router:DecisionChunkSize"] = "5";
        return settings;
    }
}
