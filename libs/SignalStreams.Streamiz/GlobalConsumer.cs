using Confluent.Kafka;

namespace SignalStreams.Streamiz;

/// <summary>
/// Streamiz's global-table consumer with one race taken out: Streamiz assigns the table's partitions at their start
/// offsets and then seeks each partition to the same offset at once. librdkafka applies an assignment asynchronously,
/// so that seek can find the partition not yet started and fail with "Local: Erroneous state", which killed the
/// global thread and the whole application at start (seen once in CI, in a test that starts the pipeline). A seek that
/// fails that way is tried again for up to <see cref="SeekPatience"/>; when it still fails and the assignment already
/// starts the partition at that very offset, the seek changes nothing and is skipped. Everything else is passed through.
/// </summary>
internal sealed class GlobalConsumer(IConsumer<byte[], byte[]> inner) : IConsumer<byte[], byte[]>
{
    private static readonly TimeSpan SeekPatience = TimeSpan.FromSeconds(2);

    private readonly Dictionary<TopicPartition, Offset> _assignedAt = [];

    public void Seek(TopicPartitionOffset tpo)
    {
        var deadline = DateTime.UtcNow + SeekPatience;
        while (true)
        {
            try
            {
                inner.Seek(tpo);
                return;
            }
            catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_State)
            {
                if (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(20);
                    continue;
                }

                if (_assignedAt.TryGetValue(tpo.TopicPartition, out var assigned) && assigned == tpo.Offset)
                {
                    return;
                }

                throw;
            }
        }
    }

    public void Assign(TopicPartition partition)
    {
        _assignedAt.Clear();
        inner.Assign(partition);
    }

    public void Assign(TopicPartitionOffset partition)
    {
        _assignedAt.Clear();
        _assignedAt[partition.TopicPartition] = partition.Offset;
        inner.Assign(partition);
    }

    public void Assign(IEnumerable<TopicPartitionOffset> partitions)
    {
        var list = partitions.ToList();
        _assignedAt.Clear();
        foreach (var p in list)
        {
            _assignedAt[p.TopicPartition] = p.Offset;
        }

        inner.Assign(list);
    }

    public void Assign(IEnumerable<TopicPartition> partitions)
    {
        _assignedAt.Clear();
        inner.Assign(partitions);
    }

    public void Unassign()
    {
        _assignedAt.Clear();
        inner.Unassign();
    }

    public ConsumeResult<byte[], byte[]> Consume(int millisecondsTimeout) => inner.Consume(millisecondsTimeout);

    public ConsumeResult<byte[], byte[]> Consume(CancellationToken cancellationToken = default) => inner.Consume(cancellationToken);

    public ConsumeResult<byte[], byte[]> Consume(TimeSpan timeout) => inner.Consume(timeout);

    public string MemberId => inner.MemberId;

    public List<TopicPartition> Assignment => inner.Assignment;

    public List<string> Subscription => inner.Subscription;

    public IConsumerGroupMetadata ConsumerGroupMetadata => inner.ConsumerGroupMetadata;

    public Handle Handle => inner.Handle;

    public string Name => inner.Name;

    public void Subscribe(IEnumerable<string> topics) => inner.Subscribe(topics);

    public void Subscribe(string topic) => inner.Subscribe(topic);

    public void Unsubscribe() => inner.Unsubscribe();

    public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions) => inner.IncrementalAssign(partitions);

    public void IncrementalAssign(IEnumerable<TopicPartition> partitions) => inner.IncrementalAssign(partitions);

    public void IncrementalUnassign(IEnumerable<TopicPartition> partitions) => inner.IncrementalUnassign(partitions);

    public void StoreOffset(ConsumeResult<byte[], byte[]> result) => inner.StoreOffset(result);

    public void StoreOffset(TopicPartitionOffset offset) => inner.StoreOffset(offset);

    public List<TopicPartitionOffset> Commit() => inner.Commit();

    public void Commit(IEnumerable<TopicPartitionOffset> offsets) => inner.Commit(offsets);

    public void Commit(ConsumeResult<byte[], byte[]> result) => inner.Commit(result);

    public void Pause(IEnumerable<TopicPartition> partitions) => inner.Pause(partitions);

    public void Resume(IEnumerable<TopicPartition> partitions) => inner.Resume(partitions);

    public List<TopicPartitionOffset> Committed(TimeSpan timeout) => inner.Committed(timeout);

    public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout) => inner.Committed(partitions, timeout);

    public Offset Position(TopicPartition partition) => inner.Position(partition);

    public List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout) =>
        inner.OffsetsForTimes(timestampsToSearch, timeout);

    public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition) => inner.GetWatermarkOffsets(topicPartition);

    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout) => inner.QueryWatermarkOffsets(topicPartition, timeout);

    public void Close() => inner.Close();

    public int AddBrokers(string brokers) => inner.AddBrokers(brokers);

    public void SetSaslCredentials(string username, string password) => inner.SetSaslCredentials(username, password);

    public void Dispose() => inner.Dispose();
}
