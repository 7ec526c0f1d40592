using System.Collections.Concurrent;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Streams.Tests;

[Collection("kafka")]
public sealed class KeyOrderedConcurrencyTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task A_slow_key_does_not_hold_back_other_keys_and_each_key_stays_in_order()
    {
        var kit = new StreamsTestKit(kafka, partitions: 1);
        var processor = new GatedProcessor();
        using var host = kit.Processor(processor, kit.Options(o => o.MaxConcurrentKeysPerPartition = 4));
        host.Start();
        using (var producer = kafka.ClientFactory().CreateProducer(kafka.NewName("seed")))
        {
            var sequence = 0;
            foreach (var key in new[] { "slow", "a", "b", "slow", "a", "b", "a", "b", "slow", "a", "b" })
            {
                var value = ContractJson.Serialize(new Note(key, sequence++), TestJsonContext.Default.Note);
                await producer.ProduceAsync(kit.Input, new Message<string, byte[]> { Key = key, Value = value });
            }
        }

        await Eventually.UntilAsync(() => processor.Done("a") == 4 && processor.Done("b") == 4, "the fast keys finished while the slow key is stuck");
        Assert.Equal(0, processor.Done("slow"));

        processor.Release();
        await Eventually.UntilAsync(() => processor.Done("slow") == 3, "the slow key finished after its release");
        foreach (var key in new[] { "slow", "a", "b" })
        {
            var order = processor.Completed.Where(c => c.Key == key).Select(c => c.Sequence).ToList();
            Assert.Equal(order.Order(), order);
        }

        await host.StopAsync();
    }

    [Fact]
    public void The_committable_offset_never_passes_a_record_that_is_not_done()
    {
        var watermark = new OffsetWatermark();
        foreach (var offset in new long[] { 10, 11, 12, 13 })
        {
            watermark.Dispatched(offset);
        }

        watermark.Completed(11);
        watermark.Completed(13);
        Assert.Equal(10, watermark.Committable());
        watermark.Completed(10);
        Assert.Equal(12, watermark.Committable());
        watermark.Committed(12);
        Assert.Null(watermark.Committable());
        watermark.Completed(12);
        Assert.Equal(14, watermark.Committable());
    }

    /// <summary>Blocks the first "slow" record until released; records completion order per key.</summary>
    private sealed class GatedProcessor : IRecordProcessor
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<(string Key, int Sequence)> Completed { get; } = new();

        public int Done(string key) => Completed.Count(c => c.Key == key);

        public void Release() => _gate.TrySetResult();

        public async Task ProcessAsync(StreamRecord record, ProcessorContext context, CancellationToken cancellationToken)
        {
            var note = record.Read(TestJsonContext.Default.Note);
            if (record.Key == "slow")
            {
                await _gate.Task.WaitAsync(cancellationToken);
            }

            context.Store<Tally>(CountingProcessor.StoreName).Put(record.Key!, new Tally(record.Key!, note.Sequence, record.Offset));
            Completed.Enqueue((record.Key!, note.Sequence));
        }
    }
}
