using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Testing;

namespace SignalStreams.Streams.Tests;

[Collection("kafka")]
public sealed class StoreAndRecordTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task Restore_keeps_the_last_value_per_key_and_honours_tombstones()
    {
        var kit = new StreamsTestKit(kafka, partitions: 2);
        using (var producer = kafka.ClientFactory().CreateProducer(kafka.NewName("seed")))
        {
            var writer = new ContractRecordWriter(producer);
            var p1 = new TopicPartition(kit.Changelog, 1);
            await writer.WriteAsync(p1, "a", new Tally("a", 1, 0), TestJsonContext.Default.Tally, CountingProcessor.Schema);
            await writer.WriteAsync(p1, "b", new Tally("b", 1, 1), TestJsonContext.Default.Tally, CountingProcessor.Schema);
            await writer.WriteAsync(p1, "a", new Tally("a", 2, 2), TestJsonContext.Default.Tally, CountingProcessor.Schema);
            await writer.WriteTombstoneAsync(p1, "b", CountingProcessor.Schema);
            await writer.WriteTombstoneAsync(p1, "c", CountingProcessor.Schema);
            await writer.WriteAsync(p1, "c", new Tally("c", 7, 3), TestJsonContext.Default.Tally, CountingProcessor.Schema);
            await writer.WriteAsync(p1, "a", new Tally("a", 3, 4), TestJsonContext.Default.Tally, CountingProcessor.Schema);
            await writer.WriteAsync(p1, "d", new Tally("d", 1, 5), TestJsonContext.Default.Tally, CountingProcessor.Schema);
            await producer.ProduceAsync(p1, new Message<string, byte[]> { Key = "d", Value = Encoding.UTF8.GetBytes("{not json") });
            // Written to partition 0: belongs to another task and must not leak into partition 1's store.
            await writer.WriteAsync(new TopicPartition(kit.Changelog, 0), "z", new Tally("z", 1, 0), TestJsonContext.Default.Tally, CountingProcessor.Schema);
        }

        var snapshot = new SnapshotProcessor();
        using var processor = kit.Processor(snapshot);
        processor.Start();
        await Eventually.UntilAsync(() => snapshot.Stores.ContainsKey(1) && snapshot.Stores.ContainsKey(0), "both tasks restored their stores");

        var restored = snapshot.Stores[1];
        Assert.Equal(["a", "c", "d"], restored.Keys.Order());
        Assert.Equal(3, restored["a"].Count);
        Assert.Equal(7, restored["c"].Count);
        Assert.Equal(1, restored["d"].Count);
        Assert.Equal(["z"], snapshot.Stores[0].Keys);
        var dead = TopicReader.ReadAll(kafka.BootstrapServers, TopicNames.DeadLetterOf(kit.Changelog));
        Assert.Equal("d", Assert.Single(dead).Key);
        await processor.StopAsync();
    }

    [Fact]
    public async Task Records_that_cannot_be_parsed_or_validated_go_to_the_dlq_and_the_records_after_them_are_processed()
    {
        var kit = new StreamsTestKit(kafka, partitions: 1);
        var processor = new NoteProcessor();
        using var host = kit.Processor(processor);
        host.Start();
        using (var producer = kafka.ClientFactory().CreateProducer(kafka.NewName("seed")))
        {
            await producer.ProduceAsync(kit.Input, new Message<string, byte[]> { Key = "k1", Value = Encoding.UTF8.GetBytes("this is not json") });
            await producer.ProduceAsync(kit.Input, new Message<string, byte[]> { Key = "k2", Value = ContractJson.Serialize(new Note("ok", 1), TestJsonContext.Default.Note) });
            await producer.ProduceAsync(kit.Input, new Message<string, byte[]> { Key = "k4", Value = ContractJson.Serialize(new Note("", 2), TestJsonContext.Default.Note) });
            await producer.ProduceAsync(kit.Input, new Message<string, byte[]> { Key = "k3", Value = ContractJson.Serialize(new Note("ok", 3), TestJsonContext.Default.Note) });
        }

        await kit.AssertFinalStateAsync(new Dictionary<string, long> { ["k2"] = 1, ["k3"] = 1 });
        var deadLetters = TopicReader.ReadAll(kafka.BootstrapServers, TopicNames.DeadLetterOf(kit.Input));
        Assert.Equal(2, deadLetters.Count);
        var invalid = deadLetters.Single(d => d.Key == "k4");
        Assert.Contains("text is required", invalid.Headers[RecordHeaders.Error], StringComparison.Ordinal);
        Assert.Equal("2", invalid.Headers[RecordHeaders.SourceOffset]);
        var dead = deadLetters.Single(d => d.Key == "k1");
        Assert.Equal("k1", dead.Key);
        Assert.Equal("this is not json", dead.Text);
        Assert.Contains("not a valid Note", dead.Headers[RecordHeaders.Error], StringComparison.Ordinal);
        Assert.Equal(kit.Input, dead.Headers[RecordHeaders.SourceTopic]);
        Assert.Equal("0", dead.Headers[RecordHeaders.SourcePartition]);
        Assert.Equal("0", dead.Headers[RecordHeaders.SourceOffset]);
        await host.StopAsync();
    }

    [Fact]
    public async Task Entries_past_their_retention_are_removed_with_tombstones_by_the_timer()
    {
        var kit = new StreamsTestKit(kafka, partitions: 1);
        var processor = new NoteProcessor(retention: TimeSpan.FromMilliseconds(300));
        using var host = kit.Processor(processor, kit.Options(o => o.RetentionSweepInterval = TimeSpan.FromMilliseconds(100)));
        host.Start();
        kit.Produce(3, keys: 3);

        await Eventually.UntilAsync(
            () => TopicReader.ReadAll(kafka.BootstrapServers, kit.Changelog).Count(r => r.Value is null) == 3,
            "every expired entry has a tombstone on the changelog");
        Assert.Empty(kit.ChangelogCounts());
        await Eventually.UntilAsync(() => processor.Ticks >= 3, "the processor's own timer keeps firing");
        await host.StopAsync();
    }

    [Fact]
    public async Task A_flush_inside_a_record_makes_its_writes_durable_before_the_record_goes_on()
    {
        var kit = new StreamsTestKit(kafka, partitions: 1);
        var processor = new FlushingProcessor(kafka.BootstrapServers, kit.Changelog);
        using var host = kit.Processor(processor);
        host.Start();
        kit.Produce(3, keys: 3);

        await Eventually.UntilAsync(() => processor.DurableBeforeEffect.Count == 3, "every record ran its side effect");
        Assert.Equal([1L, 2L, 3L], processor.DurableBeforeEffect.Order());
        await host.StopAsync();
    }

    /// <summary>Writes, flushes, then looks at the changelog's end the way another service would.</summary>
    private sealed class FlushingProcessor(string bootstrap, string changelog) : IRecordProcessor
    {
        public ConcurrentBag<long> DurableBeforeEffect { get; } = [];

        public async Task ProcessAsync(StreamRecord record, ProcessorContext context, CancellationToken cancellationToken)
        {
            context.Store<Tally>(CountingProcessor.StoreName).Put(record.Key!, new Tally(record.Key!, 1, record.Offset));
            await context.FlushAsync();
            using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "probe" }).Build();
            DurableBeforeEffect.Add(reader.QueryWatermarkOffsets(new TopicPartition(changelog, 0), TimeSpan.FromSeconds(10)).High.Value);
        }
    }

    /// <summary>Captures every task's restored store before any record is processed.</summary>
    private sealed class SnapshotProcessor : IRecordProcessor
    {
        public ConcurrentDictionary<int, IReadOnlyDictionary<string, Tally>> Stores { get; } = new();

        public Task InitAsync(TaskContext context, CancellationToken cancellationToken)
        {
            Stores[context.Partition] = context.Store<Tally>(CountingProcessor.StoreName).All();
            return Task.CompletedTask;
        }

        public Task ProcessAsync(StreamRecord record, ProcessorContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Parses notes (poison if not JSON) and tallies them, optionally with a retention; ticks a timer.</summary>
    private sealed class NoteProcessor(TimeSpan? retention = null) : IRecordProcessor
    {
        private int _ticks;

        public int Ticks => Volatile.Read(ref _ticks);

        public Task InitAsync(TaskContext context, CancellationToken cancellationToken)
        {
            context.Schedule(TimeSpan.FromMilliseconds(50), (_, _) =>
            {
                Interlocked.Increment(ref _ticks);
                return Task.CompletedTask;
            });
            return Task.CompletedTask;
        }

        public Task ProcessAsync(StreamRecord record, ProcessorContext context, CancellationToken cancellationToken)
        {
            var note = record.Read(TestJsonContext.Default.Note, n => new ProblemCollector().Check(n.Text.Length > 0, "text", "text is required.").ToResult());
            context.Store<Tally>(CountingProcessor.StoreName).Put(record.Key!, new Tally(record.Key!, 1, note.Sequence), retention);
            return Task.CompletedTask;
        }
    }
}
