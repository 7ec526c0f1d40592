using Confluent.Kafka;

namespace SignalStreams.Kafka;

/// <summary>
/// Reads partitions of a topic from the beginning to the end offsets they had when the scan started, without a
/// consumer group: for lookups, read-backs and checks that need "everything written so far".
/// </summary>
public static class TopicScanner
{
    /// <summary>
    /// Calls <paramref name="onRecord"/> for every record of <paramref name="partitions"/> (all partitions when null),
    /// in offset order per partition. Throws <see cref="TimeoutException"/> if the end is not reached in time.
    /// </summary>
    public static void Scan(ConsumerConfig config, string topic, IReadOnlyCollection<int>? partitions, TimeSpan timeout, Action<ConsumeResult<string?, byte[]?>> onRecord)
    {
        var scanConfig = new ConsumerConfig(new Dictionary<string, string>(config)) { EnableAutoCommit = false, EnableAutoOffsetStore = false };
        scanConfig.GroupId ??= "topic-scan-" + Guid.NewGuid().ToString("N");
        using var consumer = new ConsumerBuilder<string?, byte[]?>(scanConfig)
            .SetKeyDeserializer(NullableUtf8Deserializer.Instance)
            .SetValueDeserializer(Deserializers.ByteArray)
            .Build();
        var numbers = partitions ?? PartitionsOf(consumer, topic, timeout);
        var ends = numbers.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), timeout).High.Value);
        var remaining = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        if (remaining.Count == 0)
        {
            return;
        }

        consumer.Assign(remaining.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var deadline = DateTime.UtcNow + timeout;
        while (remaining.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Could not read {topic} to its end within {timeout.TotalSeconds:0} s (partitions {string.Join(",", remaining)} unfinished).");
            }

            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null || record.IsPartitionEOF || !remaining.Contains(record.Partition.Value))
            {
                continue;
            }

            onRecord(record);
            if (record.Offset.Value + 1 >= ends[record.Partition.Value])
            {
                remaining.Remove(record.Partition.Value);
            }
        }
    }

    /// <summary>The latest value per key of a compacted topic as it stands now (tombstones delete).</summary>
    public static Dictionary<string, ConsumeResult<string?, byte[]?>> LatestByKey(ConsumerConfig config, string topic, TimeSpan timeout)
    {
        var latest = new Dictionary<string, ConsumeResult<string?, byte[]?>>(StringComparer.Ordinal);
        Scan(config, topic, null, timeout, record =>
        {
            if (record.Message.Key is not { } key)
            {
                return;
            }

            if (record.Message.Value is null)
            {
                latest.Remove(key);
            }
            else
            {
                latest[key] = record;
            }
        });
        return latest;
    }

    /// <summary>The partition count of a topic, asked with the client settings of <paramref name="config"/>.</summary>
    public static int PartitionCount(ConsumerConfig config, string topic, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        return PartitionsOf(consumer, topic, timeout).Length;
    }

    private static int[] PartitionsOf(IClient client, string topic, TimeSpan timeout)
    {
        using var admin = new DependentAdminClientBuilder(client.Handle).Build();
        var metadata = admin.GetMetadata(topic, timeout).Topics.Single();
        return metadata.Error.Code == ErrorCode.NoError
            ? metadata.Partitions.Select(p => p.PartitionId).ToArray()
            : throw new InvalidOperationException($"Topic {topic} is not available: {metadata.Error.Reason}.");
    }
}
