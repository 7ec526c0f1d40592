namespace SignalStreams.Contracts;

/// <summary>
/// Per-signal execution statistics, computed from the current <see cref="SignalExecution"/> records (one per
/// signal and user, as the compacted <c>signal-executions</c> topic holds them). Pure: no I/O, no clock.
/// </summary>
public static class SignalExecutionStats
{
    /// <summary>
    /// One row per status present among <paramref name="signalId"/>'s records, in lifecycle order (pending, executed,
    /// failed). When a (signal, user) appears more than once the LAST one given wins, as on a compacted topic, so a
    /// raw topic read in offset order can be passed as is. Percentiles use the nearest-rank method.
    /// </summary>
    public static IReadOnlyList<SignalExecutionStatsRow> Of(string signalId, IEnumerable<SignalExecution> executions)
    {
        ArgumentNullException.ThrowIfNull(executions);
        var current = new Dictionary<string, SignalExecution>(StringComparer.Ordinal);
        foreach (var execution in executions)
        {
            if (execution.SignalId == signalId)
            {
                current[execution.UserId] = execution;
            }
        }

        return current.Values
            .GroupBy(e => e.Status)
            .OrderBy(g => g.Key)
            .Select(Row)
            .ToList();
    }

    private static SignalExecutionStatsRow Row(IGrouping<ExecutionStatus, SignalExecution> group)
    {
        var slippages = group.Where(e => e.Slippage is not null).Select(e => e.Slippage!.Value).Order().ToList();
        var latencies = group.Where(e => e.Latency is not null).Select(e => e.Latency!.Value).Order().ToList();
        return new SignalExecutionStatsRow
        {
            Status = group.Key,
            Count = group.Count(),
            AvgSlippage = slippages.Count == 0 ? null : Math.Round(slippages.Sum() / slippages.Count, 4, MidpointRounding.AwayFromZero),
            AvgLatency = latencies.Count == 0 ? null : latencies.Average(),
            P50Slippage = NearestRank(slippages, 50),
            P99Slippage = NearestRank(slippages, 99),
            P50Latency = latencies.Count == 0 ? null : NearestRank(latencies, 50),
            P99Latency = latencies.Count == 0 ? null : NearestRank(latencies, 99),
        };
    }

    /// <summary>
    /// Nearest-rank percentile of an ascending list: the smallest value with at least <paramref name="percentile"/>%
    /// of the values at or below it; null for an empty list.
    /// </summary>
    public static T? NearestRank<T>(IReadOnlyList<T> sorted, double percentile)
        where T : struct
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        ArgumentNullException.ThrowIfNull(sorted);
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
