using Confluent.Kafka;
using Streamiz.Kafka.Net.SerDes;

namespace SignalStreams.Streamiz;

/// <summary>
/// A record a task sends to any topic: the key travels as the stream's key, the headers on the record context
/// (set by <see cref="StreamTaskContext"/> before forwarding); a null value is a tombstone. <see cref="Partition"/>
/// pins the partition (e.g. <c>signal-executions</c> goes to the partition of the userId, not of its own key);
/// null leaves it to the producer's murmur2 of the key.
/// </summary>
public sealed record Outgoing(string Topic, byte[]? Value, int? Partition = null);

/// <summary>Sends an <see cref="Outgoing"/> to its pinned partition, or lets the producer place it by key.</summary>
internal sealed class OutgoingPartitioner : global::Streamiz.Kafka.Net.Processors.IStreamPartitioner<string, Outgoing>
{
    public void Initialize(global::Streamiz.Kafka.Net.IStreamConfig config)
    {
    }

    public Partition Partition(string topic, string key, Outgoing value, Partition sourcePartition, int numPartitions) =>
        value.Partition is { } pinned ? new Partition(pinned) : Confluent.Kafka.Partition.Any;
}

/// <summary>Writes an <see cref="Outgoing"/>'s value bytes as they are.</summary>
internal sealed class OutgoingSerDes : AbstractSerDes<Outgoing>
{
    public override byte[] Serialize(Outgoing data, SerializationContext context) => data?.Value!;

    public override Outgoing Deserialize(byte[] data, SerializationContext context) =>
        throw new NotSupportedException("Outgoing records are only written.");
}

/// <summary>The topic an <see cref="Outgoing"/> names.</summary>
internal sealed class OutgoingTopic : global::Streamiz.Kafka.Net.Processors.ITopicNameExtractor<string, Outgoing>
{
    public string Extract(string key, Outgoing value, global::Streamiz.Kafka.Net.Processors.IRecordContext recordContext) => value.Topic;
}

/// <summary>The timestamp the task set on the record context (wall clock at send).</summary>
internal sealed class OutgoingTimestamp : global::Streamiz.Kafka.Net.Processors.IRecordTimestampExtractor<string, Outgoing>
{
    public long Extract(string key, Outgoing value, global::Streamiz.Kafka.Net.Processors.IRecordContext recordContext) => recordContext.Timestamp;
}
