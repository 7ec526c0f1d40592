using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using SignalStreams.Kafka;

namespace SignalStreams.Streams;

/// <summary>
/// What a processor may do while handling one record (or one punctuation): read and write the task's stores and
/// send output records. Every write and send is delivered (acks=all, retried until acknowledged) before the
/// record's offset is committed; the next record does not wait for those deliveries.
/// </summary>
public sealed class ProcessorContext
{
    private readonly IReadOnlyDictionary<string, IChangelogStore> _stores;
    private readonly DeliveryScope _scope;
    private readonly ContractRecordWriter _writer;
    private readonly DeliveryRetrier _retrier;

    internal ProcessorContext(int partition, IReadOnlyDictionary<string, IChangelogStore> stores, DeliveryScope scope, ContractRecordWriter writer, DeliveryRetrier retrier, TimeProvider time)
    {
        Partition = partition;
        _stores = stores;
        _scope = scope;
        _writer = writer;
        _retrier = retrier;
        Time = time;
    }

    /// <summary>The task's partition number (of the inputs and of every changelog).</summary>
    public int Partition { get; }

    public TimeProvider Time { get; }

    public IKeyValueStore<T> Store<T>(string name)
        where T : class => (IKeyValueStore<T>)StoreOf(_stores, name).Scoped(_scope);

    /// <summary>Sends a contract record to the partition its key hashes to.</summary>
    public void Send<T>(string topic, string key, T value, JsonTypeInfo<T> typeInfo, string schema) =>
        _scope.Add(_retrier.DeliverAsync(abort => _writer.WriteAsync(topic, key, value, typeInfo, schema, abort), topic, key));

    /// <summary>Sends a contract record to an explicit partition (e.g. the partition of the userId).</summary>
    public void Send<T>(TopicPartition partition, string key, T value, JsonTypeInfo<T> typeInfo, string schema) =>
        _scope.Add(_retrier.DeliverAsync(abort => _writer.WriteAsync(partition, key, value, typeInfo, schema, abort), partition.Topic, key));

    public void SendTombstone(TopicPartition partition, string key, string schema) =>
        _scope.Add(_retrier.DeliverAsync(abort => _writer.WriteTombstoneAsync(partition, key, schema, abort), partition.Topic, key));

    /// <summary>
    /// Waits until every store write and send made so far for this record is acknowledged. Use it before an external
    /// side effect that must only happen once the record's state is durable (e.g. mark "processing", flush, then call
    /// the exchange); otherwise the runtime awaits them before committing anyway.
    /// </summary>
    public Task FlushAsync() => _scope.WhenDeliveredAsync();

    internal static IChangelogStore StoreOf(IReadOnlyDictionary<string, IChangelogStore> stores, string name) =>
        stores.TryGetValue(name, out var store) ? store : throw new ArgumentException($"No store named '{name}' is declared in the processor's options.", nameof(name));
}
