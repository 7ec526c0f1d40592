using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Streams;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// Restore rate of a changelog, throughput of a trivial processor with one store write per record, and raw consume
/// throughput of the same records in the same run (the ceiling the runtime's overhead is measured against).
/// </summary>
public sealed class StreamsRuntimeBenchmark : IBenchmark
{
    private const string Schema = "bench-value.v1";
    private const int Partitions = 6;

    public string Name => "streams-runtime";

    public string Description => "changelog restore rate, processor throughput with a store write per record, raw consume throughput";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var clients = new KafkaClientFactory(Options.Create(new KafkaOptions { BootstrapServers = context.Kafka.BootstrapServers }), NullLoggerFactory.Instance);
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        var restoreCount = context.Count(100_000);
        var recordCount = context.Count(100_000);

        var changelog = "bench-changelog-" + Guid.NewGuid().ToString("N")[..6];
        // Six partitions: the mock broker keeps about 5 MiB per partition and drops older records beyond that.
        context.Kafka.CreateTopic(changelog, Partitions);
        Produce(clients, changelog, restoreCount, keys: 10_000, partition: null);
        var (restored, restoreSeconds) = await RestoreAsync(clients, changelog, cancellationToken);
        context.Log($"restored {restored} records in {restoreSeconds:0.000} s");
        figures["restore.records"] = restored;
        figures["restore.records_per_second"] = restored / restoreSeconds;

        var input = "bench-input-" + Guid.NewGuid().ToString("N")[..6];
        var output = "bench-store-" + Guid.NewGuid().ToString("N")[..6];
        context.Kafka.CreateTopic(input, Partitions);
        context.Kafka.CreateTopic(output, Partitions);
        context.Kafka.CreateTopic(TopicNames.DeadLetterOf(input), 1);
        var produceStarted = Stopwatch.GetTimestamp();
        Produce(clients, input, recordCount, keys: 5_000, partition: null);
        // The processor writes one changelog record per input record, so raw produce is its other ceiling.
        figures["raw_produce_acks_all.records_per_second"] = recordCount / Stopwatch.GetElapsedTime(produceStarted).TotalSeconds;

        var rawSeconds = ConsumeRaw(clients, input, recordCount);
        figures["raw_consume.records_per_second"] = recordCount / rawSeconds;

        var (bareSeconds, _) = await ProcessAsync(clients, input, output, recordCount, writes: false);
        figures["processor_without_store_writes.records_per_second"] = recordCount / bareSeconds;
        var (processSeconds, drainedSeconds) = await ProcessAsync(clients, input, output, recordCount, writes: true);
        figures["processor.records"] = recordCount;
        figures["processor.records_per_second"] = recordCount / processSeconds;
        figures["processor.records_per_second_including_final_flush"] = recordCount / drainedSeconds;
        figures["processor.share_of_raw_consume_percent"] = 100 * rawSeconds / processSeconds;
        return figures;
    }

    private static void Produce(KafkaClientFactory clients, string topic, int count, int keys, int? partition)
    {
        using var producer = clients.CreateProducer("bench-seed");
        for (var i = 0; i < count; i++)
        {
            var key = "key-" + (i % keys).ToString(CultureInfo.InvariantCulture);
            var message = new Message<string, byte[]> { Key = key, Value = ContractJson.Serialize(new BenchValue(key, i), BenchJsonContext.Default.BenchValue), Headers = RecordHeaders.WithSchema(Schema) };
            while (true)
            {
                try
                {
                    if (partition is { } p)
                    {
                        producer.Produce(new TopicPartition(topic, p), message);
                    }
                    else
                    {
                        producer.Produce(topic, message);
                    }

                    break;
                }
                catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }

    private static async Task<(long Records, double Seconds)> RestoreAsync(KafkaClientFactory clients, string changelog, CancellationToken cancellationToken)
    {
        using var producer = clients.CreateProducer("bench-restore");
        using var meters = new TestMeterFactory();
        var deadLetters = new DeadLetterPublisher(producer, NullLogger<DeadLetterPublisher>.Instance, meters);
        var options = new StreamProcessorOptions();
        var definition = options.AddStore("bench", changelog, BenchJsonContext.Default.BenchValue, Schema);
        var writer = new ChangelogWriter(producer, new DeliveryRetrier(NullLogger.Instance, TimeProvider.System, cancellationToken));
        var stores = Enumerable.Range(0, Partitions).Select(p => definition.Create(p, writer, TimeProvider.System)).ToList();
        var restorer = new ChangelogRestorer(clients, deadLetters, new StreamsMetrics(meters), NullLogger.Instance);
        var started = Stopwatch.GetTimestamp();
        // One restore per partition task, in parallel, as an instance does when it is assigned every partition.
        var records = (await Task.WhenAll(stores.Select(store => restorer.RestoreAsync("bench", [store], cancellationToken)))).Sum();
        return (records, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static double ConsumeRaw(KafkaClientFactory clients, string topic, int count)
    {
        var config = clients.ConsumerConfig("bench-raw-" + Guid.NewGuid().ToString("N")[..6], "bench-raw");
        using var consumer = clients.ConsumerBuilder(config).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        long first = 0;
        for (var seen = 0; seen < count;)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("Raw consume stalled.");
            if (result.IsPartitionEOF)
            {
                continue;
            }

            if (seen++ == 0)
            {
                first = Stopwatch.GetTimestamp();
            }
        }

        return Stopwatch.GetElapsedTime(first).TotalSeconds;
    }

    private static async Task<(double Processing, double Drained)> ProcessAsync(KafkaClientFactory clients, string input, string store, int count, bool writes)
    {
        var options = new StreamProcessorOptions { ApplicationId = "bench-processor-" + Guid.NewGuid().ToString("N")[..6] };
        options.InputTopics.Add(input);
        options.AddStore("bench", store, BenchJsonContext.Default.BenchValue, Schema);
        var processor = new StoreWriteProcessor(count, writes);
        using var meters = new TestMeterFactory();
        using var host = new StreamProcessor(options, processor, clients, NullLoggerFactory.Instance, meters);
        host.Start();
        await processor.AllProcessed.WaitAsync(TimeSpan.FromMinutes(10));
        var processing = Stopwatch.GetElapsedTime(processor.FirstTimestamp).TotalSeconds;
        await host.StopAsync();
        var drained = Stopwatch.GetElapsedTime(processor.FirstTimestamp).TotalSeconds;
        return (processing, drained);
    }

    private sealed class StoreWriteProcessor(int expected, bool writes) : IRecordProcessor
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public long FirstTimestamp { get; private set; }

        public Task AllProcessed => _all.Task;

        public Task ProcessAsync(StreamRecord record, ProcessorContext context, CancellationToken cancellationToken)
        {
            if (writes)
            {
                context.Store<BenchValue>("bench").Put(record.Key!, new BenchValue(record.Key!, record.Offset));
            }

            var n = Interlocked.Increment(ref _count);
            if (n == 1)
            {
                FirstTimestamp = Stopwatch.GetTimestamp();
            }

            if (n == expected)
            {
                _all.TrySetResult();
            }

            return Task.CompletedTask;
        }
    }
}

/// <summary>The value the benchmark stores.</summary>
internal sealed record BenchValue(string Key, long Offset);

[JsonSerializable(typeof(BenchValue))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
