using System.Collections.Concurrent;

namespace SignalStreams.PaperExchange.State;

/// <summary>Counts request weight and orders in fixed windows, for the X-MBX-USED-WEIGHT-* and X-MBX-ORDER-COUNT-* headers.</summary>
/// <remarks>
/// Windows that have ended are forgotten at most once per <see cref="PruneEveryMs"/>, never on every request: with
/// thousands of accounts (one scope each) a scan per request made every order cost O(accounts) (measured: 10,000
/// orders on 10,000 accounts took 62 s instead of a few). Each key is judged by its own interval's window, so a
/// day's order count is kept for the whole day.
/// </remarks>
public sealed class RateMeter(ExchangeClock clock)
{
    private const long PruneEveryMs = 10_000;

    private readonly ConcurrentDictionary<(string Scope, string Interval, long Window), long> _counts = new();
    private long _nextPruneMs;

    /// <summary>Adds <paramref name="amount"/> to the current window of <paramref name="interval"/> ("1m", "10s", "1d") and returns the window's total.</summary>
    public long Add(string scope, string interval, long amount)
    {
        var now = clock.NowMs;
        if (now >= Interlocked.Read(ref _nextPruneMs))
        {
            Prune(now);
        }

        return _counts.AddOrUpdate((scope, interval, now / LengthMs(interval)), amount, (_, old) => old + amount);
    }

    /// <summary>Windows counted now (ended ones are dropped within <see cref="PruneEveryMs"/>).</summary>
    public int Windows => _counts.Count;

    private void Prune(long now)
    {
        var due = Interlocked.Read(ref _nextPruneMs);
        if (now < due || Interlocked.CompareExchange(ref _nextPruneMs, now + PruneEveryMs, due) != due)
        {
            return; // another request is pruning
        }

        foreach (var key in _counts.Keys)
        {
            if (key.Window < now / LengthMs(key.Interval))
            {
                _counts.TryRemove(key, out _);
            }
        }
    }

    private static long LengthMs(string interval) => interval switch
    {
        "10s" => 10_000L,
        "1m" => 60_000L,
        "1d" => 86_400_000L,
        _ => 60_000L,
    };
}
