using Confluent.Kafka;

namespace SignalStreams.Streamiz;

/// <summary>Streamiz's producer with every delivery reported to the <see cref="DurabilityBarrier"/>; nothing else changes.</summary>
internal sealed class BarrierProducer(IProducer<byte[], byte[]> inner, DurabilityBarrier barrier) : IProducer<byte[], byte[]>
{
    public Handle Handle => inner.Handle;

    public string Name => inner.Name;

    public void Produce(string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null) =>
        Produce(new TopicPartition(topic, Partition.Any), message, deliveryHandler);

    public void Produce(TopicPartition topicPartition, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null)
    {
        var sequence = barrier.Sending();
        try
        {
            inner.Produce(topicPartition, message, report =>
            {
                barrier.Delivered(sequence, report.Error.IsError ? report.Error.Reason : null);
                deliveryHandler?.Invoke(report);
            });
        }
        catch (Exception e)
        {
            barrier.Delivered(sequence, e.Message);
            throw;
        }
    }

    public async Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message, CancellationToken cancellationToken = default) =>
        await ProduceAsync(new TopicPartition(topic, Partition.Any), message, cancellationToken);

    public async Task<DeliveryResult<byte[], byte[]>> ProduceAsync(TopicPartition topicPartition, Message<byte[], byte[]> message, CancellationToken cancellationToken = default)
    {
        var sequence = barrier.Sending();
        try
        {
            var result = await inner.ProduceAsync(topicPartition, message, cancellationToken);
            barrier.Delivered(sequence, null);
            return result;
        }
        catch (Exception e)
        {
            barrier.Delivered(sequence, e.Message);
            throw;
        }
    }

    public int Poll(TimeSpan timeout) => inner.Poll(timeout);

    public int Flush(TimeSpan timeout) => inner.Flush(timeout);

    public void Flush(CancellationToken cancellationToken = default) => inner.Flush(cancellationToken);

    public void InitTransactions(TimeSpan timeout) => inner.InitTransactions(timeout);

    public void BeginTransaction() => inner.BeginTransaction();

    public void CommitTransaction(TimeSpan timeout) => inner.CommitTransaction(timeout);

    public void CommitTransaction() => inner.CommitTransaction();

    public void AbortTransaction(TimeSpan timeout) => inner.AbortTransaction(timeout);

    public void AbortTransaction() => inner.AbortTransaction();

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout) =>
        inner.SendOffsetsToTransaction(offsets, groupMetadata, timeout);

    public int AddBrokers(string brokers) => inner.AddBrokers(brokers);

    public void SetSaslCredentials(string username, string password) => inner.SetSaslCredentials(username, password);

    public void Dispose() => inner.Dispose();
}
