namespace SignalStreams.SignalExecutor.Topology;

/// <summary>
/// A token bucket of exchange request weight per endpoint for the fill detection (shared by every task of the
/// process): <c>Executor:ProtectionCheckWeightPerMinute</c>, refilled continuously, at most one minute's worth saved.
/// </summary>
public sealed class CheckBudget(ExecutorOptions options, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);

    public bool TryTake(string endpoint, int weight)
    {
        var perMinute = (double)options.ProtectionCheckWeightPerMinute;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var (tokens, at) = _buckets.TryGetValue(endpoint, out var bucket) ? bucket : (perMinute, now);
            tokens = Math.Min(perMinute, tokens + ((now - at).TotalMinutes * perMinute));
            if (tokens < weight)
            {
                _buckets[endpoint] = (tokens, now);
                return false;
            }

            _buckets[endpoint] = (tokens - weight, now);
            return true;
        }
    }
}
