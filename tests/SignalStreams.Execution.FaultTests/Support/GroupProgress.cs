using Confluent.Kafka;

namespace SignalStreams.Execution.FaultTests.Support;

/// <summary>
/// Whether a consumer group has committed every record of a topic: the barrier after which nothing the group has
/// read can still be replayed, so counts taken then are final. Reads the group's offsets without joining it.
/// </summary>
public sealed class GroupProgress(string bootstrapServers, string groupId, string topic, int partitions) : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        EnableAutoCommit = false,
    }).Build();

    public bool HasCommittedEverything()
    {
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var committed = _consumer.Committed(tps, TimeSpan.FromSeconds(10)).ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
        return tps.All(tp =>
        {
            var end = _consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
            return end == 0 || committed[tp.Partition.Value] >= end;
        });
    }

    public void Dispose()
    {
        _consumer.Dispose();
    }
}
