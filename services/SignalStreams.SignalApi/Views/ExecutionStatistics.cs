using SignalStreams.Contracts;

namespace SignalStreams.SignalApi.Views;

/// <summary>
/// Aggregates of one signal's executions across users: per status (count, average slippage and latency) and the
/// latency/slippage percentiles of the executed ones. Averages and percentiles only count records that carry the value.
/// </summary>
internal static class ExecutionStatistics
{
    public static IReadOnlyList<StatusStats> ByStatus(IEnumerable<SignalExecution> executions) =>
        executions.GroupBy(e => e.Status)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var slippages = g.Where(e => e.Slippage is not null).Select(e => e.Slippage!.Value).ToList();
                var latencies = g.Where(e => e.Latency is not null).Select(e => (decimal)e.Latency!.Value).ToList();
                return new StatusStats(
                    g.Key,
                    g.Count(),
                    slippages.Count == 0 ? null : Math.Round(slippages.Average(), 4, MidpointRounding.AwayFromZero),
                    latencies.Count == 0 ? null : Math.Round(latencies.Average(), 1, MidpointRounding.AwayFromZero));
            })
            .ToList();

    public static SignalPercentiles Percentiles(string signalId, IEnumerable<SignalExecution> executions)
    {
        var executed = executions.Where(e => e.Status == ExecutionStatus.Executed).ToList();
        return new SignalPercentiles(
            signalId,
            executed.Count,
            Summarise(executed.Where(e => e.Latency is not null).Select(e => (decimal)e.Latency!.Value)),
            Summarise(executed.Where(e => e.Slippage is not null).Select(e => e.Slippage!.Value)));
    }

    /// <summary>Nearest-rank percentiles: the smallest value with at least p% of the values at or below it.</summary>
    public static PercentileSummary? Summarise(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        decimal Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new PercentileSummary(sorted.Length, sorted[0], Rank(50), Rank(90), Rank(99), sorted[^1]);
    }
}
