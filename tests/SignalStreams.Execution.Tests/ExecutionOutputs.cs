using SignalStreams.Contracts;
using SignalStreams.PaperExchange;
using SignalStreams.PaperExchange.State;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>What a user can see of the executor's work: the topics it writes and the orders at the exchange.</summary>
public sealed class ExecutionOutputs(string bootstrap, TopicNames topics, PaperExchangeHost exchange)
{
    /// <summary>Every version written to <c>signal-executions</c> for (signal, user), in offset order.</summary>
    public IReadOnlyList<SignalExecution> VersionsOf(string signalId, string userId)
    {
        var key = ExecutionKeys.Of(signalId, userId);
        return TopicReader.ReadAll(bootstrap, topics.SignalExecutions)
            .Where(r => r.Key == key && r.Value is not null)
            .OrderBy(r => r.Offset)
            .Select(r => r.As(ContractsJsonContext.Default.SignalExecution))
            .ToList();
    }

    /// <summary>The current SignalExecution per key, as the compacted topic holds it.</summary>
    public IReadOnlyDictionary<string, SignalExecution> Executions() =>
        TopicReader.LatestByKey(TopicReader.ReadAll(bootstrap, topics.SignalExecutions))
            .ToDictionary(p => p.Key, p => p.Value.As(ContractsJsonContext.Default.SignalExecution), StringComparer.Ordinal);

    public SignalExecution? ExecutionOf(string signalId, string userId) =>
        Executions().GetValueOrDefault(ExecutionKeys.Of(signalId, userId));

    /// <summary>Waits until the (signal, user) record has reached <paramref name="status"/> and returns it.</summary>
    public async Task<SignalExecution> UntilExecutionAsync(string signalId, string userId, ExecutionStatus status, TimeSpan? timeout = null)
    {
        SignalExecution? found = null;
        await Eventually.UntilAsync(
            () => (found = ExecutionOf(signalId, userId))?.Status == status,
            $"the execution of {signalId} by {userId} is {status} (last seen: {found?.Status.ToString() ?? "none"})",
            timeout);
        return found!;
    }

    /// <summary>The current Position per key of the <c>positions</c> topic.</summary>
    public IReadOnlyDictionary<string, Position> Positions() =>
        TopicReader.LatestByKey(TopicReader.ReadAll(bootstrap, topics.Positions))
            .ToDictionary(p => p.Key, p => p.Value.As(ContractsJsonContext.Default.Position), StringComparer.Ordinal);

    /// <summary>Every version of a signal on <c>signals</c>, in offset order.</summary>
    public IReadOnlyList<Signal> SignalVersions(string signalId) =>
        TopicReader.ReadAll(bootstrap, topics.Signals)
            .Where(r => r.Key == signalId && r.Value is not null)
            .OrderBy(r => r.Offset)
            .Select(r => r.As(ContractsJsonContext.Default.Signal))
            .ToList();

    public IReadOnlyList<TopicRecord> DeadLetters(string topic) => TopicReader.ReadAll(bootstrap, TopicNames.DeadLetterOf(topic));

    /// <summary>Every execution command the router wrote.</summary>
    public IReadOnlyList<ExecutionCommand> Commands() =>
        TopicReader.ReadAll(bootstrap, topics.ExecutionCommands)
            .Select(r => ContractJsonOrNull(r))
            .OfType<ExecutionCommand>()
            .ToList();

    /// <summary>The orders the paper exchange accepted for (signal, user), found by the deterministic clientOrderId.</summary>
    public IReadOnlyList<PaperOrder> OrdersOf(string signalId, string userId) =>
        exchange.Orders.WithClientOrderId(ClientOrderIds.For(signalId, userId));

    private static ExecutionCommand? ContractJsonOrNull(TopicRecord record)
    {
        try
        {
            return record.As(ContractsJsonContext.Default.ExecutionCommand);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return null; // the malformed-input tests write garbage here on purpose
        }
    }
}
