using System.Collections.Concurrent;
using SignalStreams.Contracts;
using SignalStreams.Streams;

namespace SignalStreams.SignalApi.Views;

/// <summary>
/// Which <c>signal-executions</c> keys belong to a signal and to a user. It holds keys only; values are always
/// read from the table, so a key added twice (snapshot and change event) or out of order cannot show stale data.
/// </summary>
internal sealed class ExecutionIndex
{
    private readonly GlobalTable<SignalExecution> _table;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _bySignal = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byUser = new(StringComparer.Ordinal);

    public ExecutionIndex(GlobalTable<SignalExecution> table)
    {
        _table = table;
        // Subscribe first, then take what is already there: nothing applied in between can be missed.
        table.Changed += OnChanged;
        foreach (var (key, execution) in table.Snapshot())
        {
            Add(key, execution);
        }
    }

    public IReadOnlyList<SignalExecution> OfSignal(string signalId) => Read(_bySignal, signalId);

    public IReadOnlyList<SignalExecution> OfUser(string userId) => Read(_byUser, userId);

    public SignalExecution? Find(string signalId, string userId) => _table.Get(ExecutionKeys.Of(signalId, userId));

    private IReadOnlyList<SignalExecution> Read(ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> index, string id) =>
        index.TryGetValue(id, out var keys)
            ? keys.Keys.Select(_table.Get).OfType<SignalExecution>().ToList()
            : [];

    private void OnChanged(GlobalTableChange<SignalExecution> change)
    {
        if (change.New is not null)
        {
            Add(change.Key, change.New);
        }
        else if (change.Old is not null)
        {
            Remove(change.Key, change.Old);
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
