using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using SignalStreams.Contracts;

namespace SignalStreams.Kafka;

/// <summary>
/// Produces contract records: JSON from the source-generated context, the <c>schema</c> header, the current
/// trace context, and the delivery awaited (acks=all) so that the caller knows the record is durable.
/// </summary>
public sealed class ContractRecordWriter(IProducer<string, byte[]> producer)
{
    public IProducer<string, byte[]> Producer => producer;

    /// <summary>Writes to the partition the key hashes to (murmur2, as every client does).</summary>
    public Task<DeliveryResult<string, byte[]>> WriteAsync<T>(string topic, string key, T value, JsonTypeInfo<T> typeInfo, string schema, CancellationToken cancellationToken = default) =>
        producer.ProduceAsync(topic, Message(key, ContractJson.Serialize(value, typeInfo), schema), cancellationToken);

    /// <summary>Writes to an explicit partition, for records that must sit with another key (e.g. the userId's).</summary>
    public Task<DeliveryResult<string, byte[]>> WriteAsync<T>(TopicPartition partition, string key, T value, JsonTypeInfo<T> typeInfo, string schema, CancellationToken cancellationToken = default) =>
        producer.ProduceAsync(partition, Message(key, ContractJson.Serialize(value, typeInfo), schema), cancellationToken);

    /// <summary>Deletes a key from a compacted topic.</summary>
    public Task<DeliveryResult<string, byte[]>> WriteTombstoneAsync(TopicPartition partition, string key, string schema, CancellationToken cancellationToken = default) =>
        producer.ProduceAsync(partition, Message(key, null, schema), cancellationToken);

    private static Message<string, byte[]> Message(string key, byte[]? value, string schema) =>
        new() { Key = key, Value = value!, Headers = RecordHeaders.WithSchema(schema) };
}
