using System.Collections.Concurrent;

namespace SignalStreams.PaperExchange.State;

/// <summary>Counts request weight and orders in fixed windows, for the X-MBX-USED-WEIGHT-* and X-MBX-ORDER-COUNT-* headers.</summary>
public sealed class RateMeter(ExchangeClock clock)
{
    private readonly ConcurrentDictionary<(string Scope, string Interval, long Window), long> _counts = new();

    /// <summary>Adds <paramref name="amount"/> to the current window of <paramref name="interval"/> ("1m", "10s", "1d") and returns the window's total.</summary>
    public long Add(string scope, string interval, long amount)
    {
        var length = interval switch
        {
            "10s" => 10_000L,
            "1m" => 60_000L,
            "1d" => 86_400_000L,
            _ => 60_000L,
        };
        var window = clock.NowMs / length;
        if (_counts.Count > 10_000)
        {
            foreach (var key in _counts.Keys.Where(k => k.Window < window - 1))
            {
                _counts.TryRemove(key, out _);
            }
        }

        return _counts.AddOrUpdate((scope, interval, window), amount, (_, old) => old + amount);
    }
}
