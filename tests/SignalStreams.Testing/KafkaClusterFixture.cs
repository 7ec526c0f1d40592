using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Kafka.Mock;

namespace SignalStreams.Testing;

/// <summary>
/// One librdkafka mock cluster (3 brokers) per test collection (each test project declares its collection with
/// <c>ICollectionFixture/// One librdkafka mock cluster (3 brokers) per test collection.lt;KafkaClusterFixture/// One librdkafka mock cluster (3 brokers) per test collection.gt;</c>, since xunit finds collection definitions in the test assembly only). Tests isolate themselves with a unique topic
/// prefix (<see cref="NewTopics"/>) and unique group ids, never by starting clusters of their own.
/// </summary>
public sealed class KafkaClusterFixture : IDisposable
{
    private int _sequence;

    public KafkaClusterFixture() => Cluster = MockKafkaCluster.Start(brokerCount: 3);

    public MockKafkaCluster Cluster { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>A fresh prefix with every contract topic (and DLQ) created on the cluster.</summary>
    public TopicNames NewTopics()
    {
        var names = new TopicNames(NewName("t") + "-");
        Cluster.CreateTopics(names);
        return names;
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

    public void Dispose() => Cluster.Dispose();
}
