using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Testing;

namespace SignalStreams.SignalApi.Tests;

/// <summary>signal-api on Kestrel at a free loopback port over a fresh topic prefix, plus a writer to seed topics.</summary>
internal sealed class ApiHarness : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-7c1e";
    public const string SourceToken = "test-source-token-3b9d";
    public const string ReaderToken = "test-reader-token-5f2a";

    private readonly List<HttpClient> _clients = [];
    private readonly Confluent.Kafka.IProducer<string, byte[]> _producer;

    private ApiHarness(KafkaClusterFixture kafka, TopicNames topics, string masterKey, string stateDir, SignalApiHost host)
    {
        StateDir = stateDir;
        Kafka = kafka;
        Topics = topics;
        MasterKey = masterKey;
        Host = host;
        _producer = kafka.ClientFactory(topics.Prefix).CreateProducer("api-tests-seed");
        Writer = new ContractRecordWriter(_producer);
    }

    public KafkaClusterFixture Kafka { get; }

    public TopicNames Topics { get; }

    public string MasterKey { get; }

    /// <summary>Streams:StateDir of the API; a restart keeps it, as a pod's emptyDir survives a container restart.</summary>
    public string StateDir { get; }

    public SignalApiHost Host { get; private set; }

    public ContractRecordWriter Writer { get; }

    public HttpClient Admin => Client(AdminToken);

    public HttpClient Source => Client(SourceToken);

    public HttpClient Reader => Client(ReaderToken);

    public static async Task<ApiHarness> StartAsync(KafkaClusterFixture kafka, IDictionary<string, string?>? extra = null, ILoggerProvider? logs = null)
    {
        var topics = kafka.NewTopics();
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var stateDir = TestStreams.NewStateDir();
        var host = await StartHostAsync(kafka, topics, masterKey, stateDir, extra, logs);
        return new ApiHarness(kafka, topics, masterKey, stateDir, host);
    }

    /// <summary>
    /// Stops the API and starts a new instance over the same topics and state directory (the views are in memory,
    /// so they are rebuilt whole from Kafka even though the directory is kept).
    /// </summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        Host = await StartHostAsync(Kafka, Topics, MasterKey, StateDir, null, null);
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Host.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _clients.Add(client);
        return client;
    }

    public Task WriteAsync(SignalExecution execution) =>
        Writer.WriteAsync(Topics.SignalExecutions, execution.Key, execution, ContractsJsonContext.Default.SignalExecution, SchemaNames.SignalExecution);

    public Task WriteAsync(Position position) =>
        Writer.WriteAsync(Topics.Positions, position.Key, position, ContractsJsonContext.Default.Position, SchemaNames.Position);

    public Task WriteAsync(Signal signal) =>
        Writer.WriteAsync(Topics.Signals, signal.SignalId, signal, ContractsJsonContext.Default.Signal, SchemaNames.Signal);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _producer.Dispose();
        await Host.DisposeAsync();
    }

    public static Dictionary<string, string?> BaseSettings(KafkaClusterFixture kafka, TopicNames topics, string masterKey) => new Dictionary<string, string?>
    {
        ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
        ["Kafka:TopicPrefix"] = topics.Prefix,
        ["Kafka:Provisioning"] = "Verify",
        ["Secrets:MasterKey"] = masterKey,
        ["Auth:Tokens:0:Token"] = AdminToken,
        ["Auth:Tokens:0:Role"] = "admin",
        ["Auth:Tokens:1:Token"] = SourceToken,
        ["Auth:Tokens:1:Role"] = "source",
        ["Auth:Tokens:2:Token"] = ReaderToken,
        ["Auth:Tokens:2:Role"] = "reader",
        ["RateLimit:PermitsPerSecond"] = "10000",
        ["RateLimit:Burst"] = "10000",

        // The views' global consumer: the dev cluster (librdkafka's mock) holds an empty fetch for the whole
        // fetch.wait.max.ms (500 ms by default) even when records arrive meanwhile, where a real broker answers at
        // once; so one view could lag another by half a second here. A short wait behaves like a real broker.
        ["Streams:Consumer:fetch.wait.max.ms"] = "20",
    }.With();

    private static async Task<SignalApiHost> StartHostAsync(KafkaClusterFixture kafka, TopicNames topics, string masterKey, string stateDir, IDictionary<string, string?>? extra, ILoggerProvider? logs)
    {
        var settings = BaseSettings(kafka, topics, masterKey);
        settings["Streams:StateDir"] = stateDir;
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        if (logs is not null)
        {
            settings["Logging:LogLevel:Default"] = "Trace";
        }

        var host = await SignalApiApp.StartAsync(settings, builder =>
        {
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        });
        using var probe = new HttpClient { BaseAddress = host.BaseUrl };
        await Eventually.UntilAsync(async () => (await probe.GetAsync("/health/ready")).IsSuccessStatusCode, "signal-api reports ready (views rebuilt)");
        return host;
    }
}
