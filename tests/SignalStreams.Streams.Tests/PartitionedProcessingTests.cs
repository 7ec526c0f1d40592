using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Streams.Tests;

[Collection("kafka")]
public sealed class PartitionedProcessingTests(KafkaClusterFixture kafka)
{
    [Theory]
    [InlineData(AssignmentMode.Eager, 1)]
    [InlineData(AssignmentMode.CooperativeSticky, 1)]
    [InlineData(AssignmentMode.Eager, 8)]
    public async Task Every_record_counts_exactly_once_while_a_second_instance_joins_and_leaves(AssignmentMode mode, int concurrentKeys)
    {
        var kit = new StreamsTestKit(kafka, partitions: 6);
        var options = () => kit.Options(o =>
        {
            o.Assignment = mode;
            o.MaxConcurrentKeysPerPartition = concurrentKeys;
        });
        var first = new CountingProcessor();
        var second = new CountingProcessor();
        using var a = kit.Processor(first, options());
        a.Start();
        var expected = kit.Produce(4000, keys: 300);
        await Eventually.UntilAsync(() => first.Counted >= 1000, "the first instance is processing");

        using var b = kit.Processor(second, options());
        b.Start();
        await Eventually.UntilAsync(() => b.AssignedPartitions.Count > 0 && a.AssignedPartitions.Count < 6, "the second instance owns partitions");
        kit.Produce(3000, keys: 300, start: 4000, expected);
        await Eventually.UntilAsync(() => second.Counted > 0, "the second instance counts records");

        await b.StopAsync();
        await Eventually.UntilAsync(() => a.AssignedPartitions.Count == 6, "the first instance owns every partition again");
        kit.Produce(3000, keys: 300, start: 7000, expected);

        await kit.AssertFinalStateAsync(expected);
        Assert.Equal(10_000, expected.Values.Sum());
        await a.StopAsync();
    }

    [Fact]
    public async Task A_crashed_instance_is_replaced_and_replayed_records_find_their_earlier_writes()
    {
        var kit = new StreamsTestKit(kafka, partitions: 6);
        var doomed = new CountingProcessor(haltAfter: 2000);
        var survivor = new CountingProcessor();
        // The doomed instance never commits on its own, so everything it did is replayed by the survivor.
        var crashing = kit.Processor(doomed, kit.Options(o => o.CommitInterval = TimeSpan.FromHours(1)));
        crashing.Start();
        var expected = kit.Produce(5000, keys: 200);
        await Eventually.UntilAsync(
            () => doomed.Counted >= 2000 && TopicReader.ReadAll(kafka.BootstrapServers, kit.Changelog).Count >= 1000,
            "part of the doomed instance's work is durable on the changelog");

        crashing.Dispose();

        using var b = kit.Processor(survivor);
        b.Start();
        await kit.AssertFinalStateAsync(expected);
        Assert.True(survivor.Replays > 0, "the survivor met records whose effect was already in the restored store");
        Assert.True(survivor.Counted < 5000, "the survivor did not recount what the crashed instance had durably counted");
        await b.StopAsync();
    }

    [MockKafkaFact]
    public async Task With_all_brokers_down_for_a_few_seconds_processing_resumes_and_completes_exactly()
    {
        var kit = new StreamsTestKit(kafka, partitions: 6);
        var counting = new CountingProcessor();
        using var processor = kit.Processor(counting);
        processor.Start();
        var expected = kit.Produce(3000, keys: 100);
        await Eventually.UntilAsync(() => counting.Counted >= 300, "processing has started");

        kafka.Cluster.SetAllBrokersDown();
        try
        {
            // The fault lasts a few seconds of wall-clock time; nothing is asserted about timing.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            kafka.Cluster.SetAllBrokersUp();
        }

        await kit.AssertFinalStateAsync(expected);
        await processor.StopAsync();
    }

    [Fact]
    public async Task A_failing_record_is_retried_until_it_succeeds_and_counted_once()
    {
        var kit = new StreamsTestKit(kafka, partitions: 1);
        var flaky = new FlakyProcessor(failuresPerRecord: 2);
        var measured = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StreamsMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "topic" && Equals(tag.Value, kit.Input))
                {
                    lock (measured)
                    {
                        measured[instrument.Name] = measured.GetValueOrDefault(instrument.Name) + value;
                    }
                }
            }
        });
        listener.Start();
        using var processor = kit.Processor(flaky);
        processor.Start();
        var expected = kit.Produce(5, keys: 5);

        await kit.AssertFinalStateAsync(expected);
        Assert.Equal(15, flaky.Attempts);
        lock (measured)
        {
            Assert.Equal(5, measured["signal_streams.streams.records.processed"]);
            Assert.Equal(10, measured["signal_streams.streams.records.retried"]);
        }

        await processor.StopAsync();
    }

    [Fact]
    public async Task Co_partitioned_inputs_share_one_task_whose_changelog_sits_on_the_inputs_partition_number()
    {
        var kit = new StreamsTestKit(kafka, partitions: 3);
        var second = kit.CreateTopic("requests");
        var counting = new CountingProcessor(storeKey: r => (r.Topic == second ? "requests:" : "commands:") + r.Key);
        using var processor = kit.Processor(counting, kit.Options(o => o.InputTopics.Add(second)));
        processor.Start();
        var expected = kit.Produce(kit.Input, 300, keys: 30, start: 0, null, k => "commands:" + k);
        kit.Produce(second, 300, keys: 30, start: 0, expected, k => "requests:" + k);

        await kit.AssertFinalStateAsync(expected);
        foreach (var record in TopicReader.ReadAll(kafka.BootstrapServers, kit.Changelog))
        {
            var inputKey = record.Key!.Split(':')[1];
            Assert.Equal(Murmur2Partitioner.PartitionFor(inputKey, 3), record.Partition);
        }

        await processor.StopAsync();
    }

    /// <summary>Fails the first attempts of every record, then counts it.</summary>
    private sealed class FlakyProcessor(int failuresPerRecord) : IRecordProcessor
    {
        private readonly CountingProcessor _inner = new();
        private readonly Dictionary<long, int> _attempts = [];

        public int Attempts
        {
            get
            {
                lock (_attempts)
                {
                    return _attempts.Values.Sum();
                }
            }
        }

        public Task ProcessAsync(StreamRecord record, ProcessorContext context, CancellationToken cancellationToken)
        {
            int attempt;
            lock (_attempts)
            {
                attempt = _attempts[record.Offset] = _attempts.GetValueOrDefault(record.Offset) + 1;
            }

            return attempt <= failuresPerRecord
                ? throw new InvalidOperationException($"Simulated outage on attempt {attempt}.")
                : _inner.ProcessAsync(record, context, cancellationToken);
        }
    }
}
