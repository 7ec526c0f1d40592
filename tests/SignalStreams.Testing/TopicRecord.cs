using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using SignalStreams.Contracts;

namespace SignalStreams.Testing;

/// <summary>
/// A record a <see cref="TopicReader"/> read: key, value, where it sits, its headers, its creation timestamp and when it
/// arrived at the reader.
/// </summary>
public sealed record TopicRecord(
    string? Key,
    byte[]? Value,
    int Partition,
    long Offset,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset Timestamp,
    DateTimeOffset Arrived)
{
    // The contract value, parsed once: a followed topic's records are looked at again on every poll.
    private object? _parsed;

    public string? Text => Value is null ? null : System.Text.Encoding.UTF8.GetString(Value);

    /// <summary>The value as the contract record <typeparamref name="T"/>; throws for a tombstone.</summary>
    public T As<T>(JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (_parsed is T parsed)
        {
            return parsed;
        }

        var value = ContractJson.Deserialize(Value ?? throw new InvalidOperationException($"Record {Key} is a tombstone."), typeInfo);
        _parsed = value;
        return value;
    }

    /// <summary>The value as <typeparamref name="T"/>, or null for a tombstone or a value that is not one (tests that write garbage on purpose).</summary>
    public T? TryAs<T>(JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (Value is null)
        {
            return null;
        }

        try
        {
            return As(typeInfo);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    internal static TopicRecord From(ConsumeResult<string?, byte[]?> result, DateTimeOffset arrived)
    {
        var headers = result.Message.Headers?.GroupBy(h => h.Key).ToDictionary(g => g.Key, g => System.Text.Encoding.UTF8.GetString(g.Last().GetValueBytes())) ?? [];
        return new TopicRecord(result.Message.Key, result.Message.Value, result.Partition.Value, result.Offset.Value, headers, result.Message.Timestamp.UtcDateTime, arrived);
    }
}
