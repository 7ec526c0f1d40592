using System.Text.Json.Serialization;

namespace SignalStreams.Contracts;

/// <summary>Source-generated JSON for every contract record: camelCase, enums by their wire names, UTC timestamps.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(Signal))]
[JsonSerializable(typeof(SignalDraft))]
[JsonSerializable(typeof(UserSettings))]
[JsonSerializable(typeof(EncryptedCredentials))]
[JsonSerializable(typeof(ExecutionCommand))]
[JsonSerializable(typeof(ExecutionRequest))]
[JsonSerializable(typeof(PositionCloseRequest))]
[JsonSerializable(typeof(SignalExecution))]
[JsonSerializable(typeof(Position))]
[JsonSerializable(typeof(PositionEvent))]
[JsonSerializable(typeof(PositionEvent[]))]
[JsonSerializable(typeof(Mt5SignalMapping))]
[JsonSerializable(typeof(TelegramMapping))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
