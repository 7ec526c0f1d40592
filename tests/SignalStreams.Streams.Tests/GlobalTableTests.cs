using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Testing;

namespace SignalStreams.Streams.Tests;

[Collection("kafka")]
public sealed class GlobalTableTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task A_table_loads_the_latest_value_per_key_skips_bad_records_to_the_dlq_and_follows_changes()
    {
        var topic = kafka.NewName("table");
        kafka.CreateTopic(topic, 3);
        kafka.CreateTopic(TopicNames.DeadLetterOf(topic), 1);
        using var producer = kafka.ClientFactory().CreateProducer(kafka.NewName("seed"));
        var writer = new ContractRecordWriter(producer);
        await Write(writer, topic, "k1", "first");
        await Write(writer, topic, "k2", "first");
        await Write(writer, topic, "k1", "second");
        await Write(writer, topic, "k3", "first");
        await Write(writer, topic, "k5", "");
        await writer.WriteTombstoneAsync(new TopicPartition(topic, Murmur2Partitioner.PartitionFor("k2", 3)), "k2", "note.v1");
        await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "k4", Value = Encoding.UTF8.GetBytes("[broken") });

        using var table = new GlobalTable<Note>(topic, TestJsonContext.Default.Note, kafka.ClientFactory(), DeadLetters(producer), NullLogger.Instance, Validate);
        var changes = new ConcurrentQueue<GlobalTableChange<Note>>();
        table.Start();
        await table.Loaded.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["k1", "k3"], table.Snapshot().Keys.Order());
        Assert.Equal("second", table.Get("k1")!.Text);
        var dead = TopicReader.ReadAll(kafka.BootstrapServers, TopicNames.DeadLetterOf(topic));
        Assert.Equal(["k4", "k5"], dead.Select(d => d.Key).Order());
        Assert.Contains("text is required", dead.Single(d => d.Key == "k5").Headers[RecordHeaders.Error], StringComparison.Ordinal);

        table.Changed += changes.Enqueue;
        await Write(writer, topic, "k1", "third");
        await writer.WriteTombstoneAsync(new TopicPartition(topic, Murmur2Partitioner.PartitionFor("k3", 3)), "k3", "note.v1");
        await Eventually.UntilAsync(() => changes.Count == 2, "both changes were raised");

        Assert.Contains(changes, c => c.Key == "k1" && c.Old!.Text == "second" && c.New!.Text == "third");
        Assert.Contains(changes, c => c.Key == "k3" && c.Old!.Text == "first" && c.New is null);
        Assert.Equal(["k1"], table.Snapshot().Keys);
    }

    [Fact]
    public async Task A_table_of_an_empty_topic_is_loaded_at_once()
    {
        var topic = kafka.NewName("empty-table");
        kafka.CreateTopic(topic, 2);
        using var producer = kafka.ClientFactory().CreateProducer(kafka.NewName("seed"));
        using var table = new GlobalTable<Note>(topic, TestJsonContext.Default.Note, kafka.ClientFactory(), DeadLetters(producer), NullLogger.Instance);
        table.Start();

        await table.Loaded.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, table.Count);
    }

    private static ValidationResult Validate(Note note) =>
        new ProblemCollector().Check(!string.IsNullOrEmpty(note.Text), "text", "text is required.").ToResult();

    private static DeadLetterPublisher DeadLetters(IProducer<string, byte[]> producer) =>
        new(producer, NullLogger<DeadLetterPublisher>.Instance, new TestMeterFactory());

    private static Task Write(ContractRecordWriter writer, string topic, string key, string text) =>
        writer.WriteAsync(new TopicPartition(topic, Murmur2Partitioner.PartitionFor(key, 3)), key, new Note(text, 0), TestJsonContext.Default.Note, "note.v1");
}
