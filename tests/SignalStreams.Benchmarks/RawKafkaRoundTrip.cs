using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Confluent.Kafka;
using SignalStreams.Kafka;

namespace SignalStreams.Benchmarks;

/// <summary>The Kafka-only ceiling of a fan-out: N records of an executed record's size produced (acks=all) and consumed back once.</summary>
internal static class RawKafkaRoundTrip
{
    /// <summary>
    /// Seconds from the first produce to the last record consumed, with the clients of <paramref name="clients"/> and the
    /// services' <c>Streams:Consumer:*</c> / <c>Streams:Producer:*</c> settings of <paramref name="settings"/> on top, so
    /// the round trip has the fetch wait and linger the pipeline has.
    /// </summary>
    public static double Seconds(BenchmarkContext context, KafkaClientFactory clients, IReadOnlyDictionary<string, string?> settings, string run, int count, int size)
    {
        var topic = $"bench-raw-{run}-{count}";
        context.Kafka.CreateTopic(topic, 12);
        var payload = new byte[size];
        RandomNumberGenerator.Fill(payload);
        var config = clients.ConsumerConfig("bench-raw-" + run, "bench-raw-" + run);
        config.EnableAutoCommit = false;
        ServiceClientSettings.Consumer(config, settings);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Assign(Enumerable.Range(0, 12).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var producerConfig = clients.ProducerConfig("bench-raw");
        ServiceClientSettings.Producer(producerConfig, settings);
        using var producer = new ProducerBuilder<string, byte[]>(producerConfig).Build();

        // One record through first, so that connections and fetch sessions exist before timing starts (as for the warm services).
        producer.Produce(topic, new Message<string, byte[]> { Key = "warm-up", Value = payload });
        while (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { IsPartitionEOF: false })
        {
        }

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            producer.Produce(topic, new Message<string, byte[]> { Key = "user-" + i.ToString(CultureInfo.InvariantCulture), Value = payload });
        }

        var received = 0;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (received < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false })
            {
                received++;
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        return received == count ? Stopwatch.GetElapsedTime(started).TotalSeconds : throw new TimeoutException($"Raw round trip read {received} of {count} records.");
    }
}
