using System.Text.Json.Serialization;
using SignalStreams.Contracts;

namespace SignalStreams.SignalRouter;

/// <summary>JSON of the router's internal state, with the contract's conventions.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(FanoutState))]
internal sealed partial class RouterJsonContext : JsonSerializerContext;
