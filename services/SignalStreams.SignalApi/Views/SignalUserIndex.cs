using System.Collections.Concurrent;
using SignalStreams.Contracts;
using SignalStreams.Streamiz;

namespace SignalStreams.SignalApi.Views;

/// <summary>
/// Which keys of a table belong to a signal and to a user. It holds keys only; values are always read from the table,
/// so a key added twice or out of order cannot show stale data. The table's update processor reports every change to
/// <see cref="Apply"/> (restore at start included), which a plain global table cannot.
/// </summary>
internal class SignalUserIndex<T>(ContractTable<T> table, Func<T, string> signalOf, Func<T, string> userOf)
    where T : class
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _bySignal = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byUser = new(StringComparer.Ordinal);

    protected ContractTable<T> Table => table;

    public IReadOnlyList<T> OfSignal(string signalId) => Read(_bySignal, signalId);

    public IReadOnlyList<T> OfUser(string userId) => Read(_byUser, userId);

    private IReadOnlyList<T> Read(ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> index, string id) =>
        index.TryGetValue(id, out var keys)
            ? keys.Keys.Select(table.Get).OfType<T>().ToList()
            : [];

    /// <summary>Called on the global thread for every applied change of the table.</summary>
    public void Apply(TableChange<T> change)
    {
        // A record re-keyed to another signal or user (never in the contract) must leave its old entries.
        if (change.Old is { } old && (change.New is not { } changed || signalOf(changed) != signalOf(old) || userOf(changed) != userOf(old)))
        {
            Remove(change.Key, old);
        }

        if (change.New is not null)
        {
            Add(change.Key, change.New);
        }
    }

    private void Add(string key, T value)
    {
        _bySignal.GetOrAdd(signalOf(value), _ => new(StringComparer.Ordinal))[key] = 0;
        _byUser.GetOrAdd(userOf(value), _ => new(StringComparer.Ordinal))[key] = 0;
    }

    private void Remove(string key, T value)
    {
        if (_bySignal.TryGetValue(signalOf(value), out var ofSignal))
        {
            ofSignal.TryRemove(key, out _);
        }

        if (_byUser.TryGetValue(userOf(value), out var ofUser))
        {
            ofUser.TryRemove(key, out _);
        }
    }
}

/// <summary>The <c>signal-executions</c> table by signal and by user, and one (signal, user)'s record.</summary>
internal sealed class ExecutionIndex(ContractTable<SignalExecution> table)
    : SignalUserIndex<SignalExecution>(table, static e => e.SignalId, static e => e.UserId)
{
    public SignalExecution? Find(string signalId, string userId) => Table.Get(ExecutionKeys.Of(signalId, userId));
}

/// <summary>The <c>positions</c> table (key <c>{userId}:{positionId}</c>) by signal and by user, and one user's position.</summary>
internal sealed class PositionIndex(ContractTable<Position> table)
    : SignalUserIndex<Position>(table, static p => p.SignalId, static p => p.UserId)
{
    public Position? Find(string userId, string positionId) => Table.Get($"{userId}:{positionId}");
}

/// <summary>The <c>execution-decisions</c> table (key <c>{signalId}:{userId}</c>) by signal and by user, and one pair's latest decision.</summary>
internal sealed class DecisionIndex(ContractTable<ExecutionDecisionRecord> table)
    : SignalUserIndex<ExecutionDecisionRecord>(table, static d => d.SignalId, static d => d.UserId)
{
    public ExecutionDecisionRecord? Find(string signalId, string userId) => Table.Get(ExecutionKeys.Of(signalId, userId));

    /// <summary>
    /// A pair's latest decision is the one decided last: the router writes a large fan-out's filtered decisions after
    /// its commands (again, after a restart), so one can arrive after the executor's later decision for the pair.
    /// </summary>
    public static bool Replaces(ExecutionDecisionRecord old, ExecutionDecisionRecord now) => now.DecidedAt >= old.DecidedAt;
}
