using System.Text.Json.Serialization;
using SignalStreams.Contracts;

namespace SignalStreams.Mt5Ingest;

/// <summary>JSON of the position store's values (internal to mt5-ingest; the contract records inside keep their wire shape).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(PositionState))]
public sealed partial class PositionStateJsonContext : JsonSerializerContext;
