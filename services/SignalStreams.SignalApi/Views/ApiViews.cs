using SignalStreams.Contracts;
using SignalStreams.Streams;

namespace SignalStreams.SignalApi.Views;

/// <summary>
/// The in-memory views queries are answered from: global tables that follow the compacted topics (rebuilt from
/// them at start) and the execution index. Readiness waits until every table has loaded.
/// </summary>
internal sealed class ApiViews(
    GlobalTable<Signal> signals,
    GlobalTable<SignalExecution> executions,
    GlobalTable<Mt5SignalMapping> mt5Mappings,
    GlobalTable<TelegramMapping> telegramMappings,
    ExecutionIndex index)
{
    public GlobalTable<Signal> Signals { get; } = signals;

    public GlobalTable<SignalExecution> Executions { get; } = executions;

    public GlobalTable<Mt5SignalMapping> Mt5Mappings { get; } = mt5Mappings;

    public GlobalTable<TelegramMapping> TelegramMappings { get; } = telegramMappings;

    public ExecutionIndex Index { get; } = index;

    public bool IsLoaded => Signals.IsLoaded && Executions.IsLoaded && Mt5Mappings.IsLoaded && TelegramMappings.IsLoaded;
}
