namespace SignalStreams.Execution.Harness;

/// <summary>
/// What a project's tests or benchmarks tune in <see cref="ExecutionHarness"/>. Every dictionary is laid over the
/// harness's defaults key by key; a null value removes the key (the service's own default applies).
/// </summary>
public sealed record HarnessOptions
{
    /// <summary>Paper exchange settings over the base (the paper account, fixed prices).</summary>
    public IReadOnlyDictionary<string, string?>? Exchange { get; init; }

    /// <summary>Executor settings over <c>ExecutionTestSettings.Executor</c>, in every <see cref="ExecutionHarness.ExecutorSettings"/>.</summary>
    public IReadOnlyDictionary<string, string?>? Executor { get; init; }

    /// <summary>Router settings over <c>ExecutionTestSettings.Router</c>, in every <see cref="ExecutionHarness.RouterSettings"/>.</summary>
    public IReadOnlyDictionary<string, string?>? Router { get; init; }

    /// <summary>The topics' prefix; by default a fresh one from the cluster fixture.</summary>
    public string? TopicPrefix { get; init; }

    /// <summary>The executor's Redis key prefix; by default a fresh one.</summary>
    public string? RedisKeyPrefix { get; init; }

    /// <summary>Whether services hosted in this process by the harness keep every log line (tests) or log warnings only (benchmarks).</summary>
    public bool CaptureLogs { get; init; } = true;
}
