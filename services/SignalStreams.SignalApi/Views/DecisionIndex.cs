using System.Collections.Concurrent;
using SignalStreams.Contracts;
using SignalStreams.Streamiz;

namespace SignalStreams.SignalApi.Views;

/// <summary>
/// Which <c>execution-decisions</c> keys belong to a signal. Keys only; values are read from the table, so the latest
/// decision of a pair is always the one answered. Kept by the table's update processor, as <see cref="ExecutionIndex"/>.
/// </summary>
internal sealed class DecisionIndex(ContractTable<ExecutionDecisionRecord> table)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _bySignal = new(StringComparer.Ordinal);

    public IReadOnlyList<ExecutionDecisionRecord> OfSignal(string signalId) =>
        _bySignal.TryGetValue(signalId, out var keys)
            ? keys.Keys.Select(table.Get).OfType<ExecutionDecisionRecord>().ToList()
            : [];

    public ExecutionDecisionRecord? Find(string signalId, string userId) => table.Get(ExecutionKeys.Of(signalId, userId));

    /// <summary>Called on the global thread for every applied change of the decisions table.</summary>
    public void Apply(TableChange<ExecutionDecisionRecord> change)
    {
        if (change.Old is not null && (change.New is null || change.New.SignalId != change.Old.SignalId) && _bySignal.TryGetValue(change.Old.SignalId, out var old))
        {
            old.TryRemove(change.Key, out _);
        }

        if (change.New is not null)
        {
            _bySignal.GetOrAdd(change.New.SignalId, _ => new(StringComparer.Ordinal))[change.Key] = 0;
        }
    }
}
