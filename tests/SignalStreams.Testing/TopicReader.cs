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
        var records = new List<TopicRecord>();
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers };
        TopicScanner.Scan(config, topic, null, timeout ?? TimeSpan.FromSeconds(10), result =>
        {
            var headers = result.Message.Headers?.GroupBy(h => h.Key).ToDictionary(g => g.Key, g => System.Text.Encoding.UTF8.GetString(g.Last().GetValueBytes())) ?? [];
            records.Add(new TopicRecord(result.Message.Key, result.Message.Value, result.Partition.Value, result.Offset.Value, headers));
        });
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
