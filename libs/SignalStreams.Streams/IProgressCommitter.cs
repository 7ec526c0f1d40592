using Confluent.Kafka;

namespace SignalStreams.Streams;

/// <summary>
/// The commit point of the runtime: called with the offsets below which every record's store writes and outputs
/// are delivered. The default commits consumer offsets (at-least-once). This is the seam for Kafka transactions on
/// a real cluster: a transactional committer would begin a transaction per batch, produce inside it and call
/// <c>SendOffsetsToTransaction</c> + <c>CommitTransaction</c> here. The dev mock cluster treats transactions as
/// no-ops, so no transactional committer ships until it can be tested against a real broker.
/// </summary>
public interface IProgressCommitter
{
    void Commit(IConsumer<string?, byte[]?> consumer, IReadOnlyList<TopicPartitionOffset> offsets);
}
