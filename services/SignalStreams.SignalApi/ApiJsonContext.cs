using System.Text.Json.Serialization;
using SignalStreams.Contracts;

namespace SignalStreams.SignalApi;

/// <summary>Source-generated JSON of the API's own answers, with the contract's conventions (camelCase, wire enum names, UTC timestamps).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(SignalAccepted))]
[JsonSerializable(typeof(ExecutionRequestAccepted))]
[JsonSerializable(typeof(IReadOnlyList<SignalExecutionStatsRow>))]
[JsonSerializable(typeof(SignalPercentiles))]
[JsonSerializable(typeof(IReadOnlyList<SignalExecution>))]
[JsonSerializable(typeof(ExecutionPage))]
[JsonSerializable(typeof(PositionPage))]
[JsonSerializable(typeof(PositionCloseAccepted))]
[JsonSerializable(typeof(Mt5PositionView))]
[JsonSerializable(typeof(DecisionPage))]
[JsonSerializable(typeof(DecisionCounts))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
