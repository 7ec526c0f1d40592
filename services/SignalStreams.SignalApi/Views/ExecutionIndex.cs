using System.Collections.Concurrent;
using SignalStreams.Contracts;
using SignalStreams.Streamiz;

namespace SignalStreams.SignalApi.Views;

/// <summary>
/// Which <c>signal-executions</c> keys belong to a signal and to a user. It holds keys only; values are always
/// read from the table, so a key added twice or out of order cannot show stale data. The table's update processor
/// reports every change to <see cref="Apply"/> (restore at start included), which a plain global table cannot.
/// </summary>
internal sealed class ExecutionIndex(ContractTable<SignalExecution> table)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _bySignal = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byUser = new(StringComparer.Ordinal);

    public IReadOnlyList<SignalExecution> OfSignal(string signalId) => Read(_bySignal, signalId);

    public IReadOnlyList<SignalExecution> OfUser(string userId) => Read(_byUser, userId);

    public SignalExecution? Find(string signalId, string userId) => table.Get(ExecutionKeys.Of(signalId, userId));

    private IReadOnlyList<SignalExecution> Read(ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> index, string id) =>
        index.TryGetValue(id, out var keys)
            ? keys.Keys.Select(table.Get).OfType<SignalExecution>().ToList()
            : [];

    /// <summary>Called on the global thread for every applied change of the executions table.</summary>
    public void Apply(TableChange<SignalExecution> change)
    {
        // A record re-keyed to another signal or user (never in the contract) must leave its old entries.
        if (change.Old is not null && (change.New is null || change.New.SignalId != change.Old.SignalId || change.New.UserId != change.Old.UserId))
        {
            Remove(change.Key, change.Old);
        }

        if (change.New is not null)
        {
            Add(change.Key, change.New);
        }
    }

    private void Add(string key, SignalExecution execution)
    {
        _bySignal.GetOrAdd(execution.SignalId, _ => new(StringComparer.Ordinal))[key] = 0;
        _byUser.GetOrAdd(execution.UserId, _ => new(StringComparer.Ordinal))[key] = 0;
    }

    private void Remove(string key, SignalExecution execution)
    {
        if (_bySignal.TryGetValue(execution.SignalId, out var ofSignal))
        {
            ofSignal.TryRemove(key, out _);
        }

        if (_byUser.TryGetValue(execution.UserId, out var ofUser))
        {
            ofUser.TryRemove(key, out _);
        }
    }
}
