using Confluent.Kafka;
using Confluent.Kafka.Admin;
using SignalStreams.Kafka.Mock;
using SignalStreams.Testing;

namespace SignalStreams.Kafka.Tests;

/// <summary>
/// The mock cluster's controls do what they say. Each test starts a cluster of its own: these controls change the
/// cluster's shape (brokers, controller) or count every request on it, which would leak into shared-cluster tests.
/// </summary>
public sealed class MockClusterControlTests
{
    private const int InvalidRecord = 87;
    private const int MessageTooLarge = 10;

    [Fact]
    public async Task A_decommissioned_broker_leaves_the_metadata_its_partitions_move_and_an_added_broker_serves()
    {
        using var cluster = MockKafkaCluster.Start(brokerCount: 3);
        cluster.CreateTopic("moves", partitions: 3, replicationFactor: 1);
        cluster.SetPartitionLeader("moves", 2, brokerId: 3);
        using var producer = Producer(cluster);
        await producer.ProduceAsync(new TopicPartition("moves", 2), new Message<Null, string> { Value = "before" });

        cluster.DecommissionBroker(3);

        var metadata = Metadata(cluster);
        Assert.Equal([1, 2], metadata.Brokers.Select(b => b.BrokerId).Order());
        Assert.Equal([1, 2], cluster.BrokerIds);
        Assert.Contains(metadata.Topics.Single(t => t.Topic == "moves").Partitions.Single(p => p.PartitionId == 2).Leader, new[] { 1, 2 });
        var moved = await producer.ProduceAsync(new TopicPartition("moves", 2), new Message<Null, string> { Value = "after" });
        Assert.Equal(PersistenceStatus.Persisted, moved.Status);

        cluster.AddBroker(7);
        cluster.SetPartitionLeader("moves", 0, brokerId: 7);

        var added = Metadata(cluster).Brokers.Single(b => b.BrokerId == 7);
        Assert.True(added.Port > 0);
        Assert.Equal([1, 2, 7], cluster.BrokerIds);
        var onNewBroker = await producer.ProduceAsync(new TopicPartition("moves", 0), new Message<Null, string> { Value = "on 7" });
        Assert.Equal(PersistenceStatus.Persisted, onNewBroker.Status);
        Assert.Equal(["on 7"], TopicReader.ReadAll(cluster.BootstrapServers, "moves").Where(r => r.Partition == 0).Select(r => r.Text));
    }

    [Fact]
    public async Task Partition_request_errors_fail_that_partition_in_order_and_no_other()
    {
        using var cluster = MockKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic("errors", partitions: 2);
        using var producer = Producer(cluster);

        cluster.PushPartitionRequestErrors("errors", 1, KafkaApiKey.Produce, InvalidRecord, MessageTooLarge);

        var first = await Assert.ThrowsAsync<ProduceException<Null, string>>(() => producer.ProduceAsync(new TopicPartition("errors", 1), new Message<Null, string> { Value = "a" }));
        Assert.Equal(ErrorCode.InvalidRecord, first.Error.Code);
        var other = await producer.ProduceAsync(new TopicPartition("errors", 0), new Message<Null, string> { Value = "b" });
        Assert.Equal(PersistenceStatus.Persisted, other.Status);
        var second = await Assert.ThrowsAsync<ProduceException<Null, string>>(() => producer.ProduceAsync(new TopicPartition("errors", 1), new Message<Null, string> { Value = "c" }));
        Assert.Equal(ErrorCode.MsgSizeTooLarge, second.Error.Code);
        var third = await producer.ProduceAsync(new TopicPartition("errors", 1), new Message<Null, string> { Value = "d" });
        Assert.Equal(PersistenceStatus.Persisted, third.Status);

        Assert.Equal([(0, "b"), (1, "d")], TopicReader.ReadAll(cluster.BootstrapServers, "errors").Select(r => (r.Partition, r.Text!)).Order());
    }

    [Fact]
    public async Task Request_tracking_counts_the_requests_a_client_made_by_type_and_broker()
    {
        using var cluster = MockKafkaCluster.Start(brokerCount: 3);
        cluster.CreateTopic("tracked", partitions: 1);
        cluster.SetPartitionLeader("tracked", 0, brokerId: 2);
        cluster.StartRequestTracking();

        using (var producer = Producer(cluster, idempotent: true))
        {
            for (var i = 0; i < 5; i++)
            {
                // One awaited record at a time with linger 0: one Produce request each.
                await producer.ProduceAsync("tracked", new Message<Null, string> { Value = "r" + i });
            }
        }

        var requests = cluster.TrackedRequests();
        var produce = requests.Where(r => r.ApiKey == KafkaApiKey.Produce).ToList();
        Assert.Equal(5, produce.Count);
        Assert.All(produce, r => Assert.Equal(2, r.BrokerId));
        Assert.Equal(1, cluster.CountTrackedRequests(KafkaApiKey.InitProducerId));
        Assert.Contains(requests, r => r.ApiKey == KafkaApiKey.ApiVersions);
        Assert.True(produce.Zip(produce.Skip(1)).All(p => p.First.TimestampMicroseconds <= p.Second.TimestampMicroseconds));

        cluster.ClearTrackedRequests();
        Assert.Empty(cluster.TrackedRequests());
        cluster.StopRequestTracking();
        using (var producer = Producer(cluster))
        {
            await producer.ProduceAsync("tracked", new Message<Null, string> { Value = "untracked" });
        }

        Assert.Empty(cluster.TrackedRequests());
    }

    [Fact]
    public async Task The_controller_id_is_what_the_cluster_reports_and_admin_create_topics_is_refused_at_once()
    {
        using var cluster = MockKafkaCluster.Start(brokerCount: 3);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();

        cluster.SetControllerId(2);
        Assert.Equal(2, (await admin.DescribeClusterAsync()).Controller.Id);
        cluster.SetControllerId(3);
        Assert.Equal(3, (await admin.DescribeClusterAsync()).Controller.Id);

        // With a controller, the mock's lack of CreateTopics is an immediate answer instead of a wait for a controller.
        var refused = await Assert.ThrowsAsync<KafkaException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "never", NumPartitions = 1, ReplicationFactor = 1 }],
            new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(30) }));
        Assert.Equal(ErrorCode.Local_UnsupportedFeature, refused.Error.Code);
    }

    private static IProducer<Null, string> Producer(MockKafkaCluster cluster, bool idempotent = false) =>
        new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = idempotent,
            LingerMs = 0,
            MessageTimeoutMs = 20_000,
            // Non-idempotent: an injected error is the record's outcome, not retried.
            MessageSendMaxRetries = idempotent ? null : 0,
        }).Build();

    private static Metadata Metadata(MockKafkaCluster cluster)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        return admin.GetMetadata(TimeSpan.FromSeconds(10));
    }
}
