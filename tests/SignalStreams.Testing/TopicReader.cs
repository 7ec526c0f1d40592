using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Kafka;

namespace SignalStreams.Testing;

/// <summary>A record read back from a topic for assertions.</summary>
public sealed record TopicRecord(string? Key, byte[]? Value, int Partition, long Offset, IReadOnlyDictionary<string, string> Headers)
{
    public string? Text => Value is null ? null : System.Text.Encoding.UTF8.GetString(Value);

    public T As<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class => ContractJson.Deserialize(Value ?? throw new InvalidOperationException($"Record {Key} is a tombstone."), typeInfo);
}

/// <summary>Reads every record of a topic (all partitions, from the beginning to the current end), without a group.</summary>
public static class TopicReader
{
    public static IReadOnlyList<TopicRecord> ReadAll(string bootstrapServers, string topic, TimeSpan? timeout = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "topic-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]?>(config)
            .SetKeyDeserializer(NullableUtf8Deserializer.Instance)
            .SetValueDeserializer(Deserializers.ByteArray)
            .Build();
        var wait = timeout ?? TimeSpan.FromSeconds(10);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, wait).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, wait).High.Value);
        var records = new List<TopicRecord>();
        var pending = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        consumer.Assign(partitions.Where(p => pending.Contains(p.Partition.Value)).Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var deadline = DateTime.UtcNow + wait;
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            var headers = result.Message.Headers?.GroupBy(h => h.Key).ToDictionary(g => g.Key, g => System.Text.Encoding.UTF8.GetString(g.Last().GetValueBytes())) ?? [];
            records.Add(new TopicRecord(result.Message.Key, result.Message.Value, result.Partition.Value, result.Offset.Value, headers));
            if (result.Offset.Value + 1 >= ends[result.Partition.Value])
            {
                pending.Remove(result.Partition.Value);
            }
        }

        if (pending.Count > 0)
        {
            throw new TimeoutException($"Could not read {topic} to its end within {wait.TotalSeconds:0} s (partitions {string.Join(",", pending)} unfinished).");
        }

        return records;
    }

    /// <summary>The latest value per key, honouring tombstones, as a compacted topic would hold it.</summary>
    public static IReadOnlyDictionary<string, TopicRecord> LatestByKey(IEnumerable<TopicRecord> records)
    {
        var latest = new Dictionary<string, TopicRecord>(StringComparer.Ordinal);
        foreach (var record in records.OrderBy(r => r.Partition).ThenBy(r => r.Offset))
        {
            if (record.Key is null)
            {
                continue;
            }

            if (record.Value is null)
            {
                latest.Remove(record.Key);
            }
            else
            {
                latest[record.Key] = record;
            }
        }

        return latest;
    }
}
