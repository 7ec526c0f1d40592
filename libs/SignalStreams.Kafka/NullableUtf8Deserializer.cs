using System.Text;
using Confluent.Kafka;

namespace SignalStreams.Kafka;

/// <summary>UTF-8 keys that may be null (a null key is a malformed record for a keyed topic, not a crash).</summary>
public sealed class NullableUtf8Deserializer : IDeserializer<string?>
{
    public static readonly NullableUtf8Deserializer Instance = new();

    public string? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? null : Encoding.UTF8.GetString(data);
}
