using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Streamiz.Kafka.Net.State;

namespace SignalStreams.SignalExecutor.Topology;

/// <summary>
/// The task's second store, <c>index</c>, so that no timer scans the executions: <c>p|{pair}</c> for every pending
/// pair (the reconcile timer walks these only), <c>w|{pair}</c> for attempts waiting (signal not in the table yet,
/// claim held elsewhere), <c>g|{pair}</c> for an attempt whose claim is in flight (no record yet: kept until its answer),
/// <c>s|{signalId}</c> for every signal with executions here (retention walks these, then the signal's own key range
/// of the executions store) and <c>u|{userId}|{signalId}</c> for the user's pending and executed pairs (open
/// positions, counted only for users with a limit); for positions <c>q|{signalId}|{userId}</c> and <c>a|{signalId}</c>
/// (open positions of a signal, for a CLOSED signal), <c>o|{pair}</c> (open positions whose protective orders are
/// watched, with the next check time) and <c>x|{userId}|{positionId}</c> (close requests by positionId). Keys are ASCII, so a prefix range ends below 0x7F.
/// </summary>
public sealed class ExecutorIndex(IKeyValueStore<string, byte[]> store)
{
    private const string Pending = "p|";
    private const string Waiting = "w|";
    private const string Guarded = "g|";
    private const string Signals = "s|";
    private const string Users = "u|";
    private const string Watched = "o|";
    private const string OpenBySignal = "q|";
    private const string SignalsWithOpen = "a|";
    private const string PositionIds = "x|";
    private static readonly byte[] Present = [1];

    public void SetPending(string pairKey, bool pending) => Set(Pending + pairKey, pending);

    public List<string> PendingPairs() => Keys(Pending);

    public void SetUserPair(string userId, string signalId, bool open) => Set($"{Users}{userId}|{signalId}", open);

    public int CountUserPairs(string userId) => Keys($"{Users}{userId}|").Count;

    /// <summary>The signals of the user's pending pairs and open positions (<c>u|</c>).</summary>
    public List<string> SignalsOfUser(string userId) => Keys($"{Users}{userId}|");

    /// <summary>
    /// <c>q|{signalId}|{userId}</c> while the pair's position is Protecting or Open (what a CLOSED signal must close),
    /// and <c>a|{signalId}</c> while the signal may have such positions here (the source-close timer walks these only).
    /// </summary>
    public void SetOpenOfSignal(string signalId, string userId, bool open)
    {
        SetIfChanged($"{OpenBySignal}{signalId}|{userId}", open);
        if (open)
        {
            SetIfChanged(SignalsWithOpen + signalId, true);
        }
    }

    public List<string> SignalsWithOpenPositions() => Keys(SignalsWithOpen);

    /// <summary>The users of <paramref name="signalId"/> whose position is open here; forgets the signal when there are none.</summary>
    public List<string> OpenPositionsOf(string signalId)
    {
        var users = Keys($"{OpenBySignal}{signalId}|");
        if (users.Count == 0)
        {
            store.Delete(SignalsWithOpen + signalId);
        }

        return users;
    }

    /// <summary><c>x|{userId}|{positionId}</c> → the pair key, so a close request by positionId finds its pair.</summary>
    public void SetPosition(string userId, string positionId, string? pairKey)
    {
        var key = $"{PositionIds}{userId}|{positionId}";
        if (pairKey is null)
        {
            store.Delete(key);
        }
        else if (store.Get(key) is null)
        {
            store.Put(key, System.Text.Encoding.UTF8.GetBytes(pairKey));
        }
    }

    public string? PairOfPosition(string userId, string positionId) =>
        store.Get($"{PositionIds}{userId}|{positionId}") is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    /// <summary><c>o|{pair}</c> → when the open position's protective orders are next checked (unix ms).</summary>
    public void SetWatched(string pairKey, bool watched, DateTimeOffset firstCheck)
    {
        if (!watched)
        {
            if (store.Get(Watched + pairKey) is not null)
            {
                store.Delete(Watched + pairKey);
            }
        }
        else if (store.Get(Watched + pairKey) is null)
        {
            NextCheck(pairKey, firstCheck);
        }
    }

    /// <summary>When the watched pair is next checked; null when it is not watched.</summary>
    public DateTimeOffset? NextCheckOf(string pairKey) =>
        store.Get(Watched + pairKey) is { Length: 8 } due ? DateTimeOffset.FromUnixTimeMilliseconds(BitConverter.ToInt64(due)) : null;

    public void NextCheck(string pairKey, DateTimeOffset at) => store.Put(Watched + pairKey, BitConverter.GetBytes(at.ToUnixTimeMilliseconds()));

    public List<(string PairKey, DateTimeOffset Due)> WatchedPairs() =>
        Entries(Watched).Select(e => (e.Key[Watched.Length..], DateTimeOffset.FromUnixTimeMilliseconds(e.Value.Length == 8 ? BitConverter.ToInt64(e.Value) : 0))).ToList();

    public void Wait(WaitingAttempt waiting) =>
        store.Put(Waiting + waiting.Attempt.Key, JsonSerializer.SerializeToUtf8Bytes(waiting, ExecutorJsonContext.Default.WaitingAttempt));

    /// <summary>Keeps an attempt whose claim is in flight (it has no record yet) until <see cref="Forget"/>.</summary>
    public void Guard(WaitingAttempt waiting) =>
        store.Put(Guarded + waiting.Attempt.Key, JsonSerializer.SerializeToUtf8Bytes(waiting, ExecutorJsonContext.Default.WaitingAttempt));

    public void Forget(string pairKey) => store.Delete(Guarded + pairKey);

    public List<WaitingAttempt> DueAttempts(DateTimeOffset now)
    {
        var due = new List<WaitingAttempt>();
        foreach (var (key, value) in Entries(Waiting).Concat(Entries(Guarded)))
        {
            var waiting = Read(value, ExecutorJsonContext.Default.WaitingAttempt);
            if (waiting is null || waiting.RetryAt <= now)
            {
                store.Delete(key);
                if (waiting is not null)
                {
                    due.Add(waiting);
                }
            }
        }

        return due;
    }

    public RetainedSignal? Signal(string signalId) => Read(store.Get(Signals + signalId), ExecutorJsonContext.Default.RetainedSignal);

    public void SetSignal(string signalId, RetainedSignal? retained)
    {
        if (retained is null)
        {
            store.Delete(Signals + signalId);
        }
        else
        {
            store.Put(Signals + signalId, JsonSerializer.SerializeToUtf8Bytes(retained, ExecutorJsonContext.Default.RetainedSignal));
        }
    }

    public List<(string SignalId, RetainedSignal Retained)> RetainedSignals() =>
        Entries(Signals).Select(e => (e.Key[Signals.Length..], Read(e.Value, ExecutorJsonContext.Default.RetainedSignal)))
            .Where(e => e.Item2 is not null)
            .Select(e => (e.Item1, e.Item2!))
            .ToList();

    /// <summary>Every key of <paramref name="store"/> from <paramref name="prefix"/> on that starts with it.</summary>
    public static List<KeyValuePair<string, byte[]>> Range(IKeyValueStore<string, byte[]> store, string prefix)
    {
        var found = new List<KeyValuePair<string, byte[]>>();
        using var range = store.Range(prefix, prefix + "\u007f");
        while (range.MoveNext())
        {
            if (range.Current is { } entry && entry.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                found.Add(new KeyValuePair<string, byte[]>(entry.Key, entry.Value));
            }
        }

        return found;
    }

    private List<string> Keys(string prefix) => Range(store, prefix).Select(e => e.Key[prefix.Length..]).ToList();

    private List<KeyValuePair<string, byte[]>> Entries(string prefix) => Range(store, prefix);

    private void SetIfChanged(string key, bool present)
    {
        if ((store.Get(key) is not null) != present)
        {
            Set(key, present);
        }
    }

    private void Set(string key, bool present)
    {
        // Every Put and Delete is a record on the changelog; a pair's three saves (pending, confirming, executed) would
        // otherwise write the same flags again (measured with the latency benchmark: 3 of the executor's records per user).
        if (present == store.Get(key) is not null)
        {
            return;
        }

        if (present)
        {
            store.Put(key, Present);
        }
        else
        {
            store.Delete(key);
        }
    }

    private static T? Read<T>(byte[]? bytes, JsonTypeInfo<T> type)
        where T : class
    {
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
