using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SignalStreams.Contracts;

/// <summary>Serialises and parses contract records with the source-generated <see cref="ContractsJsonContext"/>.</summary>
public static class ContractJson
{
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    /// <summary>Parses UTF-8 JSON; a null literal or invalid JSON throws <see cref="JsonException"/> with the reason.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo)
        where T : class =>
        JsonSerializer.Deserialize(utf8, typeInfo) ?? throw new JsonException($"A {typeof(T).Name} cannot be null.");
}
