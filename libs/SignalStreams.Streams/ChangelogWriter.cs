using System.Globalization;
using Confluent.Kafka;
using SignalStreams.Kafka;

namespace SignalStreams.Streams;

/// <summary>
/// Writes store changes to a changelog partition. A failed delivery is retried with the key's CURRENT value, so the
/// changelog converges to memory even when a send times out (re-sending an old value could undo a newer one).
/// </summary>
internal sealed class ChangelogWriter(IProducer<string, byte[]> producer, DeliveryRetrier retrier)
{
    /// <summary>Header with the entry's expiry (Unix milliseconds), so that retention survives a restore.</summary>
    public const string ExpiresAtHeader = "expires-at";

    /// <summary>Each attempt sends the key's value as it is NOW in memory.</summary>
    public Task WriteAsync(TopicPartition partition, string key, string schema, Func<ChangelogValue> current) =>
        retrier.DeliverAsync(abort => producer.ProduceAsync(partition, Message(key, current(), schema), abort), partition.Topic, key);

    private static Message<string, byte[]> Message(string key, ChangelogValue value, string schema)
    {
        var headers = RecordHeaders.WithSchema(schema);
        if (value.ExpiresAt is { } expiresAt)
        {
            RecordHeaders.Set(headers, ExpiresAtHeader, expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        }

        return new Message<string, byte[]> { Key = key, Value = value.Bytes!, Headers = headers };
    }

    public static DateTimeOffset? ReadExpiry(Headers? headers) =>
        RecordHeaders.GetString(headers, ExpiresAtHeader) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}

/// <summary>A value to write: serialized bytes (null = tombstone) and an optional expiry.</summary>
internal readonly record struct ChangelogValue(byte[]? Bytes, DateTimeOffset? ExpiresAt);
