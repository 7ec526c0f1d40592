using Confluent.Kafka;

namespace SignalStreams.Streams;

/// <summary>At-least-once: commits the consumer group offsets synchronously.</summary>
public sealed class ConsumerOffsetCommitter : IProgressCommitter
{
    public static readonly ConsumerOffsetCommitter Instance = new();

    public void Commit(IConsumer<string?, byte[]?> consumer, IReadOnlyList<TopicPartitionOffset> offsets) => consumer.Commit(offsets);
}
