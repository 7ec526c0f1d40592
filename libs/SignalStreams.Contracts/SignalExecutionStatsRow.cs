namespace SignalStreams.Contracts;

/// <summary>
/// One row of <c>GET /api/signals/{signalId}/stats</c>: the executions of a signal that currently have
/// <see cref="Status"/>, with their average slippage and latency (CONTRACT.md §3), and, as an addition, the
/// median and 99th percentile of both. Averages and percentiles are null when no record of the status has the value
/// (a failed attempt has neither).
/// </summary>
public sealed record SignalExecutionStatsRow
{
    public required ExecutionStatus Status { get; init; }

    public required int Count { get; init; }

    /// <summary>Mean slippage in percent (positive = worse for the user), rounded to 4 decimals.</summary>
    public decimal? AvgSlippage { get; init; }

    /// <summary>Mean milliseconds from the signal's createdAt to the exchange's confirmation.</summary>
    public double? AvgLatency { get; init; }

    public decimal? P50Slippage { get; init; }

    public decimal? P99Slippage { get; init; }

    public long? P50Latency { get; init; }

    public long? P99Latency { get; init; }

    /// <summary>On the <c>executed</c> row: followers whose position from this signal is still OPEN (absent elsewhere).</summary>
    public int? PositionsOpen { get; init; }

    /// <summary>On the <c>executed</c> row: followers whose position from this signal is CLOSED.</summary>
    public int? PositionsClosed { get; init; }

    /// <summary>On the <c>executed</c> row: sum of the closed positions' realizedPnl (quote asset); null while none closed.</summary>
    public decimal? RealizedPnlSum { get; init; }

    /// <summary>On the <c>executed</c> row: mean realizedPnl of the closed positions, rounded to 8 decimals.</summary>
    public decimal? RealizedPnlAvg { get; init; }

    /// <summary>On the <c>executed</c> row: mean realizedPnlPercent of the closed positions, rounded to 4 decimals.</summary>
    public decimal? RealizedPnlPercentAvg { get; init; }
}
