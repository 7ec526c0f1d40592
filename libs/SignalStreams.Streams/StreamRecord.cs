using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Kafka;

namespace SignalStreams.Streams;

/// <summary>An input record as a processor sees it.</summary>
public sealed class StreamRecord(ConsumeResult<string?, byte[]?> result)
{
    internal ConsumeResult<string?, byte[]?> Result { get; } = result;

    public string Topic => Result.Topic;

    public int Partition => Result.Partition.Value;

    public long Offset => Result.Offset.Value;

    public string? Key => Result.Message.Key;

    /// <summary>The raw value; null for a tombstone.</summary>
    public byte[]? Value => Result.Message.Value;

    public Headers? Headers => Result.Message.Headers;

    public DateTimeOffset Timestamp => Result.Message.Timestamp.UtcDateTime;

    /// <summary>The <c>schema</c> header, if any.</summary>
    public string? Schema => RecordHeaders.GetString(Headers, RecordHeaders.Schema);

    /// <summary>Parses the value; a tombstone or invalid JSON throws <see cref="PoisonRecordException"/>.</summary>
    public T Read<T>(JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (Value is null)
        {
            throw new PoisonRecordException($"Record {Topic}[{Partition}]@{Offset} has no value where a {typeof(T).Name} was expected.");
        }

        try
        {
            return ContractJson.Deserialize(Value, typeInfo);
        }
        catch (JsonException e)
        {
            throw new PoisonRecordException($"Record {Topic}[{Partition}]@{Offset} is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Parses and validates the value; a parse error or any validation problem is a poison record.</summary>
    public T Read<T>(JsonTypeInfo<T> typeInfo, Func<T, ValidationResult> validate)
        where T : class
    {
        var value = Read(typeInfo);
        var result = validate(value);
        return result.IsValid
            ? value
            : throw new PoisonRecordException($"Record {Topic}[{Partition}]@{Offset} is not a valid {typeof(T).Name}: {result.Describe()}");
    }

    public override string ToString() => $"{Topic}[{Partition}]@{Offset}";
}
