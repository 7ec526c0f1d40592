namespace SignalStreams.SignalExecutor.Topology;

/// <summary>
/// A token bucket per endpoint (shared by every task of the process): <paramref name="perMinute"/> tokens, refilled
/// continuously, at most one minute's worth saved. The fill detection's request weight
/// (<c>Executor:ProtectionCheckWeightPerMinute</c>) and the user data streams' new connections use one each.
/// </summary>
public sealed class CheckBudget(int perMinute, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);

    public int PerMinute => perMinute;

    /// <summary>Takes <paramref name="weight"/> if at least <paramref name="keep"/> tokens remain afterwards (a reserve for more urgent takers).</summary>
    public bool TryTake(string endpoint, int weight, int keep = 0)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var (tokens, at) = _buckets.TryGetValue(endpoint, out var bucket) ? bucket : (perMinute, now);
            tokens = Math.Min(perMinute, tokens + ((now - at).TotalMinutes * perMinute));
            if (tokens - weight < keep)
            {
                _buckets[endpoint] = (tokens, now);
                return false;
            }

            _buckets[endpoint] = (tokens - weight, now);
            return true;
        }
    }
}
