using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Kafka.Mock;
using Testcontainers.Kafka;

namespace SignalStreams.Testing;

/// <summary>
/// One Kafka cluster per test collection (each test project declares its collection with
/// <c>ICollectionFixture&lt;KafkaClusterFixture&gt;</c>, since xunit finds collection definitions in the test assembly
/// only): by default librdkafka's mock cluster with 3 brokers, in-process; an external cluster when
/// <c>SIGNAL_STREAMS_TEST_KAFKA</c> says so (<see cref="TestKafka"/>). Tests isolate themselves with a unique topic
/// prefix (<see cref="NewTopics"/>) and unique group ids, never by starting clusters of their own. Fault injection
/// (<see cref="Cluster"/>) exists on the mock only: such tests are <see cref="MockKafkaFactAttribute"/>s.
/// </summary>
public sealed class KafkaClusterFixture : IAsyncLifetime, IDisposable
{
    private const string KafkaImage = "apache/kafka:3.9.1";

    private readonly MockKafkaCluster? _mock;
    private KafkaContainer? _container;
    private string? _bootstrapServers;
    private int _sequence;

    public KafkaClusterFixture()
    {
        KafkaNativeLibrary.EnsureLoaded();
        if (TestKafka.UsesMock)
        {
            _mock = MockKafkaCluster.Start(brokerCount: 3);
            _bootstrapServers = _mock.BootstrapServers;
        }
        else if (!TestKafka.UsesTestcontainers)
        {
            _bootstrapServers = TestKafka.Setting;
        }
    }

    /// <summary>True on the in-process mock cluster (the default), where <see cref="Cluster"/> injects faults.</summary>
    public bool IsMock => _mock is not null;

    /// <summary>The mock cluster, for fault injection; tests that use it are <see cref="MockKafkaFactAttribute"/>s.</summary>
    public MockKafkaCluster Cluster => _mock
        ?? throw new InvalidOperationException($"This test injects faults through the mock cluster, so it must be a [MockKafkaFact]: {TestKafka.WithoutMockReason}.");

    public string BootstrapServers => _bootstrapServers
        ?? throw new InvalidOperationException("The Kafka container has not started (InitializeAsync).");

    /// <summary>Starts Apache Kafka in a container when <c>SIGNAL_STREAMS_TEST_KAFKA=testcontainers</c> (needs Docker).</summary>
    public async Task InitializeAsync()
    {
        if (TestKafka.UsesTestcontainers && _container is null)
        {
            _container = new KafkaBuilder(KafkaImage).Build();
            await _container.StartAsync();
            _bootstrapServers = _container.GetBootstrapAddress();
        }
    }

    /// <summary>A fresh prefix with every topic of the catalog (and the DLQs) created on the cluster.</summary>
    public TopicNames NewTopics()
    {
        var names = new TopicNames(NewName("t") + "-");
        CreateTopics(names);
        return names;
    }

    /// <summary>Creates every topic of the catalog (and the DLQs) with the prefix of <paramref name="names"/>.</summary>
    public void CreateTopics(TopicNames names) => CreateTopics(names.All());

    /// <summary>Creates topics at their partition counts: through the mock API, or the Admin API on an external cluster.</summary>
    public void CreateTopics(IEnumerable<TopicSpec> topics)
    {
        var list = topics.ToList();
        if (_mock is not null)
        {
            _mock.CreateTopics(list);
        }
        else
        {
            // Off xunit's synchronization context, so that blocking here cannot starve the continuations.
            Task.Run(() => new ExternalTopicCreator(BootstrapServers).CreateAsync(list)).GetAwaiter().GetResult();
        }
    }

    /// <summary>Creates one plain topic (delete policy); an existing one is left as it is.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        if (_mock is not null)
        {
            _mock.CreateTopic(topic, partitions, replicationFactor);
        }
        else
        {
            CreateTopics([new TopicSpec(topic, partitions, Compacted: false, Retention: null)]);
        }
    }

    /// <summary>A name no other test in this process uses (topic prefixes, group ids, client ids).</summary>
    public string NewName(string stem) =>
        stem + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture) + "x" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>Client configuration as a service would build it, with short timeouts that suit tests.</summary>
    public KafkaClientFactory ClientFactory(string? topicPrefix = null, IDictionary<string, string>? client = null)
    {
        var options = new KafkaOptions
        {
            BootstrapServers = BootstrapServers,
            TopicPrefix = topicPrefix ?? "",
            Provisioning = TopicProvisioningMode.Verify,
            Client = new Dictionary<string, string>(client ?? new Dictionary<string, string>(), StringComparer.Ordinal),
        };
        return new KafkaClientFactory(Options.Create(options), NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        Dispose();
    }

    public void Dispose() => _mock?.Dispose();
}
