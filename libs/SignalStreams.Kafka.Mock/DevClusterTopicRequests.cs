using System.Globalization;
using System.Text;
using Confluent.Kafka;
using SignalStreams.Contracts;

namespace SignalStreams.Kafka.Mock;

/// <summary>
/// How a client asks the dev cluster (<c>scripts/dev-kafka.sh</c>) for topics, since librdkafka's mock has no
/// CreateTopics API: one record per topic on <see cref="TopicName"/>, key = the topic's name, value = its partition
/// count in decimal. The dev cluster creates each with <see cref="MockKafkaCluster.CreateTopic"/> (an existing topic
/// is left as it is); the client then waits for the topics in the metadata. Tests pointed at a separately started
/// dev cluster (<c>SIGNAL_STREAMS_TEST_KAFKA</c>) use it; a real cluster has no such topic and gets CreateTopics.
/// </summary>
public static class DevClusterTopicRequests
{
    /// <summary>The request topic, created by the dev cluster at start; its presence tells a client it is talking to one.</summary>
    public const string TopicName = "dev-kafka.topic-requests";

    /// <summary>Writes one request per topic and waits until the dev cluster has them all (acks=all).</summary>
    public static async Task RequestAsync(string bootstrapServers, IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        KafkaNativeLibrary.EnsureLoaded();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, LingerMs = 0 }).Build();
        var sends = topics.Select(t => producer.ProduceAsync(
            TopicName,
            new Message<string, string> { Key = t.BaseName, Value = t.Partitions.ToString(CultureInfo.InvariantCulture) },
            cancellationToken));
        await Task.WhenAll(sends);
    }

    /// <summary>
    /// Serves requests on the calling thread until <paramref name="stop"/> is cancelled: every request since the
    /// cluster started, then each new one. <paramref name="log"/> gets one sentence per topic created or refused.
    /// </summary>
    public static void Serve(MockKafkaCluster cluster, Action<string> log, CancellationToken stop)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "dev-kafka-topic-requests",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 50,
        };
        KafkaNativeLibrary.EnsureLoaded();
        using var consumer = new ConsumerBuilder<string?, byte[]?>(config)
            .SetKeyDeserializer(NullableUtf8Deserializer.Instance)
            .SetValueDeserializer(Deserializers.ByteArray)
            .Build();
        consumer.Assign(new TopicPartitionOffset(TopicName, 0, Offset.Beginning));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var record = consumer.Consume(stop);
                if (record?.Message is { } message)
                {
                    log(Apply(cluster, message.Key, message.Value));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            consumer.Close();
        }
    }

    private static string Apply(MockKafkaCluster cluster, string? name, byte[]? value)
    {
        var text = value is null ? "" : Encoding.UTF8.GetString(value);
        if (string.IsNullOrWhiteSpace(name) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var partitions) || partitions is < 1 or > 1000)
        {
            return $"refused a topic request: key '{name}', value '{text}' (want key = topic, value = partitions 1-1000)";
        }

        try
        {
            cluster.CreateTopic(name, partitions, replicationFactor: 3);
            return $"topic {name} ({partitions} partitions) on request";
        }
        catch (InvalidOperationException e)
        {
            return $"refused topic {name}: {e.Message}";
        }
    }
}
