using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Kafka;

namespace SignalStreams.Sdk;

/// <summary>
/// Finds the latest version of a signal by reading the one partition its key hashes to, keeping the last value
/// for the key (tombstones delete) — what a compacted topic holds. Cost grows with that partition's size.
/// </summary>
internal sealed class SignalLookup(KafkaClientFactory clients, TopicNames topics)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public Task<Signal?> FindLatestAsync(string signalId, CancellationToken cancellationToken) =>
        Task.Run(() => FindLatest(signalId, cancellationToken), cancellationToken);

    private Signal? FindLatest(string signalId, CancellationToken cancellationToken)
    {
        var config = clients.ConsumerConfig("signal-lookup-" + Guid.NewGuid().ToString("N"), "signal-lookup");
        using var consumer = clients.ConsumerBuilder(config).Build();
        var partition = new TopicPartition(topics.Signals, Murmur2Partitioner.PartitionFor(signalId, PartitionCount()));
        var end = consumer.QueryWatermarkOffsets(partition, Timeout).High.Value;
        if (end == 0)
        {
            return null;
        }

        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        Signal? latest = null;
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = consumer.Consume(TimeSpan.FromMilliseconds(250));
            if (record is null)
            {
                continue;
            }

            if (record.Message.Key == signalId)
            {
                latest = record.Message.Value is null ? null : TryParse(record.Message.Value) ?? latest;
            }

            if (record.Offset.Value + 1 >= end)
            {
                return latest;
            }
        }

        throw new TimeoutException($"Could not read {partition} to its end within {Timeout.TotalSeconds:0} s while looking up '{signalId}'.");
    }

    private int PartitionCount()
    {
        using var admin = new AdminClientBuilder(clients.AdminConfig("signal-lookup")).Build();
        var metadata = admin.GetMetadata(topics.Signals, Timeout).Topics.Single();
        return metadata.Error.Code == ErrorCode.NoError && metadata.Partitions.Count > 0
            ? metadata.Partitions.Count
            : throw new InvalidOperationException($"Topic {topics.Signals} is not available: {metadata.Error.Reason}.");
    }

    private static Signal? TryParse(byte[] value)
    {
        try
        {
            return ContractJson.Deserialize(value, ContractsJsonContext.Default.Signal);
        }
        catch (System.Text.Json.JsonException)
        {
            // A malformed record is the consumers' DLQ business; the lookup keeps the last good version.
            return null;
        }
    }
}
