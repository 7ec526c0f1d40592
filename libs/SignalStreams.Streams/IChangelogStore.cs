using Confluent.Kafka;

namespace SignalStreams.Streams;

/// <summary>What the runtime needs from a store, whatever its value type.</summary>
internal interface IChangelogStore
{
    string Name { get; }

    TopicPartition Changelog { get; }

    int Count { get; }

    /// <summary>Applies one changelog record during restore: last value wins, a null value deletes. Throws on malformed JSON.</summary>
    void ApplyRestored(string key, byte[]? value, Headers? headers);

    /// <summary>Removes entries past their retention, with tombstones; returns how many.</summary>
    int RemoveExpired(DeliveryScope scope);

    /// <summary>This store seen through one record's delivery scope (typed by the caller).</summary>
    object Scoped(DeliveryScope? scope);
}
