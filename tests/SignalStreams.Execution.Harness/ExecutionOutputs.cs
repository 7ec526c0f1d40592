using SignalStreams.Contracts;
using SignalStreams.PaperExchange;
using SignalStreams.PaperExchange.State;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Harness;

/// <summary>What a user can see of the executor's work: the topics it writes (read with <see cref="TopicReader"/>) and the orders at the exchange.</summary>
public sealed class ExecutionOutputs(string bootstrap, TopicNames topics, PaperExchangeHost exchange)
{
    private static ContractsJsonContext Json => ContractsJsonContext.Default;

    private TopicReader ExecutionRecords => TopicReader.Of(bootstrap, topics.SignalExecutions);

    /// <summary>Every version written to <c>signal-executions</c> for (signal, user), in offset order.</summary>
    public IReadOnlyList<SignalExecution> VersionsOf(string signalId, string userId) =>
        ExecutionRecords.VersionsOf(ExecutionKeys.Of(signalId, userId), Json.SignalExecution);

    /// <summary>The current SignalExecution per key, as the compacted topic holds it.</summary>
    public IReadOnlyDictionary<string, SignalExecution> Executions() => ExecutionRecords.Latest(Json.SignalExecution);

    public SignalExecution? ExecutionOf(string signalId, string userId) => ExecutionRecords.LatestOf(ExecutionKeys.Of(signalId, userId), Json.SignalExecution);

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

    /// <summary>Every decision written to <c>execution-decisions</c> for (signal, user), in offset order, with its partition and schema header.</summary>
    public IReadOnlyList<(ExecutionDecisionRecord Decision, int Partition, string? Schema)> DecisionVersionsOf(string signalId, string userId) =>
        TopicReader.Of(bootstrap, topics.ExecutionDecisions).RecordsOf(ExecutionKeys.Of(signalId, userId))
            .Where(r => r.Value is not null)
            .Select(r => (r.As(Json.ExecutionDecisionRecord), r.Partition, r.Headers.GetValueOrDefault(SchemaNames.HeaderName)))
            .ToList();

    /// <summary>The latest decision of (signal, user), as the compacted topic keeps it.</summary>
    public ExecutionDecisionRecord? DecisionOf(string signalId, string userId) =>
        DecisionVersionsOf(signalId, userId) is { Count: > 0 } versions ? versions[^1].Decision : null;

    /// <summary>Waits until the latest decision of (signal, user) has <paramref name="verdict"/> and returns it.</summary>
    public async Task<ExecutionDecisionRecord> UntilDecisionAsync(string signalId, string userId, DecisionVerdict verdict, TimeSpan? timeout = null)
    {
        ExecutionDecisionRecord? found = null;
        await Eventually.UntilAsync(
            () => (found = DecisionOf(signalId, userId))?.Verdict == verdict,
            $"the decision of {signalId} for {userId} is {verdict} (last seen: {found?.Verdict.ToString() ?? "none"} {found?.Rule})",
            timeout);
        return found!;
    }

    /// <summary>The current Position per key of the <c>positions</c> topic.</summary>
    public IReadOnlyDictionary<string, Position> Positions() => TopicReader.Of(bootstrap, topics.Positions).Latest(Json.Position);

    /// <summary>Every version of a signal on <c>signals</c>, in offset order.</summary>
    public IReadOnlyList<Signal> SignalVersions(string signalId) => TopicReader.Of(bootstrap, topics.Signals).VersionsOf(signalId, Json.Signal);

    public IReadOnlyList<TopicRecord> DeadLetters(string topic) => TopicReader.ReadAll(bootstrap, TopicNames.DeadLetterOf(topic));

    /// <summary>Every execution command the router wrote (the malformed-input tests write garbage here on purpose: skipped).</summary>
    public IReadOnlyList<ExecutionCommand> Commands() =>
        TopicReader.ReadAll(bootstrap, topics.ExecutionCommands).Select(r => r.TryAs(Json.ExecutionCommand)).OfType<ExecutionCommand>().ToList();

    /// <summary>The orders the paper exchange accepted for (signal, user), found by the deterministic clientOrderId.</summary>
    public IReadOnlyList<PaperOrder> OrdersOf(string signalId, string userId) =>
        exchange.Orders.WithClientOrderId(ClientOrderIds.For(signalId, userId));

    /// <summary>Every version of every execution record of the signal on <c>signal-executions</c>, read to the end now.</summary>
    public IReadOnlyList<(string Key, SignalExecution Record, int Partition, long Offset)> ExecutionRecordsOf(string signalId) =>
        TopicReader.ReadAll(bootstrap, topics.SignalExecutions, TimeSpan.FromSeconds(30))
            .Where(r => r.Key is not null && r.Key.StartsWith(signalId + ":", StringComparison.Ordinal) && r.Value is not null)
            .Select(r => (r.Key!, r.As(Json.SignalExecution), r.Partition, r.Offset))
            .ToList();

    /// <summary>The latest record per key (what a compacted topic keeps).</summary>
    public static IReadOnlyDictionary<string, SignalExecution> Latest(IEnumerable<(string Key, SignalExecution Record, int Partition, long Offset)> records) =>
        records.GroupBy(r => r.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Offset).Last().Record, StringComparer.Ordinal);

    /// <summary>Latest status per key among followed records of one signal.</summary>
    public static Dictionary<string, ExecutionStatus> LatestStatuses(IEnumerable<TopicRecord> records, string signalId)
    {
        var latest = new Dictionary<string, ExecutionStatus>(StringComparer.Ordinal);
        foreach (var record in records.Where(r => r.Key is not null && r.Value is not null && r.Key.StartsWith(signalId + ":", StringComparison.Ordinal)).OrderBy(r => r.Partition).ThenBy(r => r.Offset))
        {
            latest[record.Key!] = record.As(Json.SignalExecution).Status;
        }

        return latest;
    }

    /// <summary>The paper exchange's orders, grouped by clientOrderId, for the given (signal, users).</summary>
    public Dictionary<string, int> OrdersPerClientOrderId(string signalId, IEnumerable<string> userIds)
    {
        var expected = userIds.Select(u => ClientOrderIds.For(signalId, u)).ToHashSet(StringComparer.Ordinal);
        return exchange.Orders.All().Where(o => expected.Contains(o.ClientOrderId))
            .GroupBy(o => o.ClientOrderId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }
}
