using Confluent.Kafka;
using SignalStreams.Testing;

namespace SignalStreams.Kafka.Tests;

[Collection(KafkaCollection.Name)]
public sealed class FaultInjectionTests(KafkaClusterFixture kafka)
{
    [MockKafkaFact]
    public async Task A_produce_fails_while_the_leader_broker_is_down_and_succeeds_once_it_is_back()
    {
        var topic = kafka.NewName("fault");
        kafka.Cluster.CreateTopic(topic, partitions: 1, replicationFactor: 1);
        kafka.Cluster.SetPartitionLeader(topic, 0, brokerId: 2);
        var clients = kafka.ClientFactory(client: new Dictionary<string, string> { ["message.timeout.ms"] = "6000", ["reconnect.backoff.max.ms"] = "500" });
        using var producer = clients.CreateProducer("fault-test");
        await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "k", Value = [1] });

        kafka.Cluster.SetBrokerDown(2);
        try
        {
            var failure = await Assert.ThrowsAsync<ProduceException<string, byte[]>>(() =>
                producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "k", Value = [2] }));
            Assert.Equal(ErrorCode.Local_MsgTimedOut, failure.Error.Code);
        }
        finally
        {
            kafka.Cluster.SetBrokerUp(2);
        }

        // The client reconnects on its own backoff; the same producer must deliver again without being rebuilt.
        DeliveryResult<string, byte[]>? delivered = null;
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    delivered = await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "k", Value = [3] });
                    return true;
                }
                catch (ProduceException<string, byte[]>)
                {
                    return false;
                }
            },
            "the producer delivers again after the broker is back");
        Assert.Equal(PersistenceStatus.Persisted, delivered!.Status);
        Assert.Equal([1, 3], TopicReader.ReadAll(kafka.BootstrapServers, topic).Select(r => (int)r.Value![0]));
    }

    [MockKafkaFact]
    public async Task An_injected_produce_error_is_retried_by_the_idempotent_producer_without_duplicates()
    {
        var topic = kafka.NewName("retry");
        kafka.Cluster.CreateTopic(topic, partitions: 1, replicationFactor: 3);
        using var producer = kafka.ClientFactory().CreateProducer("retry-test");

        // NOT_ENOUGH_REPLICAS (19) is retriable: the producer must retry and still write the record once.
        kafka.Cluster.PushRequestErrors(SignalStreams.Kafka.Mock.KafkaApiKey.Produce, 19, 19);
        await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "k", Value = [7] });

        var records = TopicReader.ReadAll(kafka.BootstrapServers, topic);
        Assert.Single(records);
    }
}
