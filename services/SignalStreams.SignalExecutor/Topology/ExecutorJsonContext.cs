using System.Text.Json.Serialization;
using SignalStreams.Contracts;
using SignalStreams.SignalExecutor.Machine;

namespace SignalStreams.SignalExecutor.Topology;

/// <summary>JSON of the executor's own store values (internal shapes, same conventions as the contract's).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(ExecutionState))]
[JsonSerializable(typeof(WaitingAttempt))]
[JsonSerializable(typeof(RetainedSignal))]
public sealed partial class ExecutorJsonContext : JsonSerializerContext;

/// <summary>An attempt whose signal the table did not hold yet, handed back to the machine at <paramref name="RetryAt"/>.</summary>
public sealed record WaitingAttempt(ExecutionAttempt Attempt, DateTimeOffset RetryAt);

/// <summary>A signal this task holds executions of: when it expires, and when this task first saw it cancelled or expired.</summary>
public sealed record RetainedSignal(DateTimeOffset ExpiresAt, DateTimeOffset? EndedAt);
