using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Kafka.Tests;

[Collection(KafkaCollection.Name)]
public sealed class DeadLetterPublisherTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task A_malformed_record_lands_on_the_dlq_unchanged_with_the_four_headers()
    {
        var topics = kafka.NewTopics();
        var clients = kafka.ClientFactory(topics.Prefix);
        using var producer = clients.CreateProducer("dlq-test");
        var malformed = Encoding.UTF8.GetBytes("{ not json");
        var original = await producer.ProduceAsync(topics.Signals, new Message<string, byte[]> { Key = "sig-x", Value = malformed });
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var dlq = new DeadLetterPublisher(producer, NullLogger<DeadLetterPublisher>.Instance, meters.GetRequiredService<IMeterFactory>());

        await dlq.PublishAsync(original.TopicPartitionOffset, original.Message.Key, original.Message.Value, original.Message.Headers, "Value is not valid JSON: '{' is invalid after a value.");

        var record = Assert.Single(TopicReader.ReadAll(kafka.BootstrapServers, TopicNames.DeadLetterOf(topics.Signals)));
        Assert.Equal("sig-x", record.Key);
        Assert.Equal(malformed, record.Value);
        Assert.Equal("Value is not valid JSON: '{' is invalid after a value.", record.Headers["error"]);
        Assert.Equal(topics.Signals, record.Headers["source-topic"]);
        Assert.Equal(original.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), record.Headers["source-partition"]);
        Assert.Equal(original.Offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), record.Headers["source-offset"]);
    }
}
