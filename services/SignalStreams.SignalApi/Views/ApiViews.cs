using System.Diagnostics.Metrics;
using SignalStreams.Contracts;
using SignalStreams.Streamiz;

namespace SignalStreams.SignalApi.Views;

/// <summary>
/// The in-memory views queries are answered from: the global stores of signal-api's Streamiz application, which
/// follow the compacted topics (rebuilt from them at every start), and the execution index their update processor
/// keeps. Loaded once the application is RUNNING, i.e. once every global store has been restored.
/// </summary>
internal sealed class ApiViews(
    ContractTable<Signal> signals,
    ContractTable<SignalExecution> executions,
    ContractTable<Mt5SignalMapping> mt5Mappings,
    ContractTable<TelegramMapping> telegramMappings,
    ContractTable<Position> positions,
    ExecutionIndex index,
    PositionIndex positionIndex,
    ContractTable<ExecutionDecisionRecord> decisions,
    DecisionIndex decisionIndex,
    StreamsHost streams,
    IMeterFactory meterFactory)
{
    private readonly ObservableCounter<long> _skipped = meterFactory.Create(SignalApiMetrics.MeterName).CreateObservableCounter(
        "signal_streams.api.view_skipped_records",
        () => new[]
        {
            Skipped(signals), Skipped(executions), Skipped(mt5Mappings), Skipped(telegramMappings), Skipped(positions), Skipped(decisions),
        },
        "{record}",
        "Records of the views' topics skipped because they do not parse or validate (the view keeps the previous row).");

    /// <summary>Streamiz application id (after <c>Kafka:TopicPrefix</c>) of the views.</summary>
    public const string ApplicationId = "signal-api";

    public ContractTable<Signal> Signals { get; } = signals;

    public ContractTable<SignalExecution> Executions { get; } = executions;

    public ContractTable<Mt5SignalMapping> Mt5Mappings { get; } = mt5Mappings;

    public ContractTable<TelegramMapping> TelegramMappings { get; } = telegramMappings;

    public ContractTable<ExecutionDecisionRecord> Decisions { get; } = decisions;

    public ExecutionIndex Index { get; } = index;

    /// <summary>Followers' positions (<c>positions</c>) by signal and by user.</summary>
    public PositionIndex Positions { get; } = positionIndex;
    public DecisionIndex DecisionIndex { get; } = decisionIndex;

    public bool IsLoaded => streams.State == "RUNNING";

    private static Measurement<long> Skipped<T>(ContractTable<T> table)
        where T : class => new(table.SkippedRecords, new KeyValuePair<string, object?>("topic", table.BaseTopic));

    /// <summary>The topology: one global store per topic; the executions', positions' and decisions' processors also keep their indexes.</summary>
    public static void Build(StreamTopology topology, IServiceProvider services)
    {
        var index = services.GetRequiredService<ExecutionIndex>();
        services.GetRequiredService<ContractTable<Signal>>().AddTo(topology, static _ => { });
        services.GetRequiredService<ContractTable<SignalExecution>>().AddTo(topology, index.Apply);
        services.GetRequiredService<ContractTable<Mt5SignalMapping>>().AddTo(topology, static _ => { });
        services.GetRequiredService<ContractTable<TelegramMapping>>().AddTo(topology, static _ => { });
        services.GetRequiredService<ContractTable<Position>>().AddTo(topology, services.GetRequiredService<PositionIndex>().Apply);
        services.GetRequiredService<ContractTable<ExecutionDecisionRecord>>().AddTo(topology, services.GetRequiredService<DecisionIndex>().Apply, DecisionIndex.Replaces);
    }
}
