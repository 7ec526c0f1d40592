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
        Task.Run(() => FindLatest(signalId), cancellationToken);

    private Signal? FindLatest(string signalId)
    {
        var config = clients.ConsumerConfig("signal-lookup-" + Guid.NewGuid().ToString("N"), "signal-lookup");
        var partition = Murmur2Partitioner.PartitionFor(signalId, TopicScanner.PartitionCount(config, topics.Signals, Timeout));
        Signal? latest = null;
        TopicScanner.Scan(config, topics.Signals, [partition], Timeout, record =>
        {
            if (record.Message.Key == signalId)
            {
                latest = record.Message.Value is null ? null : TryParse(record.Message.Value) ?? latest;
            }
        });
        return latest;
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
