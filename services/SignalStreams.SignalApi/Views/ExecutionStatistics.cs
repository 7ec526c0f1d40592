using SignalStreams.Contracts;

namespace SignalStreams.SignalApi.Views;

/// <summary>
/// Aggregates of one signal's executions across users: per status (count, average slippage and latency, from
/// <see cref="SignalExecutionStats"/>) and the min/p50/p90/p99/max of latency and slippage of the executed ones.
/// </summary>
internal static class ExecutionStatistics
{
    /// <summary>CONTRACT §3's rows, one per status present (with p50/p99 added), from the shared aggregator.</summary>
    public static IReadOnlyList<SignalExecutionStatsRow> ByStatus(string signalId, IEnumerable<SignalExecution> executions) =>
        SignalExecutionStats.Of(signalId, executions);

    /// <summary>
    /// The rows with the followers' positions on the <c>executed</c> row (issue 13): how many are still open, how many
    /// closed, and the closed ones' realized PnL, so a source sees how its signal did for its followers.
    /// </summary>
    public static IReadOnlyList<SignalExecutionStatsRow> ByStatus(string signalId, IEnumerable<SignalExecution> executions, IReadOnlyList<Position> positions)
    {
        var rows = ByStatus(signalId, executions);
        var closed = positions.Where(p => p.Status == PositionStatus.Closed).ToList();
        var pnl = closed.Where(p => p.RealizedPnl is not null).Select(p => p.RealizedPnl!.Value).ToList();
        var pnlPercent = closed.Where(p => p.RealizedPnlPercent is not null).Select(p => p.RealizedPnlPercent!.Value).ToList();
        return rows.Select(row => row.Status != ExecutionStatus.Executed ? row : row with
        {
            PositionsOpen = positions.Count(p => p.Status == PositionStatus.Open),
            PositionsClosed = closed.Count,
            RealizedPnlSum = pnl.Count == 0 ? null : pnl.Sum(),
            RealizedPnlAvg = pnl.Count == 0 ? null : Math.Round(pnl.Sum() / pnl.Count, 8, MidpointRounding.AwayFromZero),
            RealizedPnlPercentAvg = pnlPercent.Count == 0 ? null : Math.Round(pnlPercent.Sum() / pnlPercent.Count, 4, MidpointRounding.AwayFromZero),
        }).ToList();
    }

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

        decimal Rank(double p) => SignalExecutionStats.NearestRank(sorted, p)!.Value;
        return new PercentileSummary(sorted.Length, sorted[0], Rank(50), Rank(90), Rank(99), sorted[^1]);
    }
}
