namespace SignalStreams.Contracts.Tests;

public sealed class SignalExecutionStatsTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 2, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Rows_count_each_status_with_average_slippage_and_latency_in_lifecycle_order()
    {
        var rows = SignalExecutionStats.Of("sig-1",
        [
            Executed("u-1", 0.02m, 200),
            Failed("u-2"),
            Executed("u-3", 0.06m, 300),
            Pending("u-4"),
            Executed("u-5", -0.02m, 250),
        ]);

        Assert.Equal([ExecutionStatus.Pending, ExecutionStatus.Executed, ExecutionStatus.Failed], rows.Select(r => r.Status));
        var executed = rows[1];
        Assert.Equal(3, executed.Count);
        Assert.Equal(0.02m, executed.AvgSlippage);
        Assert.Equal(250.0, executed.AvgLatency);
        Assert.Equal((1, (decimal?)null, (double?)null), (rows[2].Count, rows[2].AvgSlippage, rows[2].AvgLatency));
        Assert.Equal(1, rows[0].Count);
    }

    [Fact]
    public void Median_and_99th_percentile_use_the_nearest_rank()
    {
        var executions = Enumerable.Range(1, 100).Select(i => Executed($"u-{i}", i / 100m, i * 10L)).ToList();

        var row = Assert.Single(SignalExecutionStats.Of("sig-1", executions));

        Assert.Equal((500L, 990L), (row.P50Latency, row.P99Latency));
        Assert.Equal((0.50m, 0.99m), (row.P50Slippage, row.P99Slippage));
        Assert.Equal(505.0, row.AvgLatency);
        Assert.Equal(0.505m, row.AvgSlippage);
    }

    [Fact]
    public void A_single_record_is_its_own_median_and_99th_percentile()
    {
        var row = Assert.Single(SignalExecutionStats.Of("sig-1", [Executed("u-1", 0.1234m, 42)]));

        Assert.Equal((42L, 42L, 0.1234m, 0.1234m), (row.P50Latency, row.P99Latency, row.P50Slippage, row.P99Slippage));
    }

    [Fact]
    public void The_latest_record_of_a_user_replaces_the_earlier_so_a_pending_then_executed_user_counts_once()
    {
        var rows = SignalExecutionStats.Of("sig-1", [Pending("u-1"), Executed("u-1", 0.01m, 100), Pending("u-2"), Failed("u-2")]);

        Assert.Equal([(ExecutionStatus.Executed, 1), (ExecutionStatus.Failed, 1)], rows.Select(r => (r.Status, r.Count)));
    }

    [Fact]
    public void Records_of_other_signals_are_ignored_and_no_records_give_no_rows()
    {
        Assert.Empty(SignalExecutionStats.Of("sig-2", [Executed("u-1", 0.01m, 100)]));
        Assert.Empty(SignalExecutionStats.Of("sig-1", []));
    }

    [Fact]
    public void Average_slippage_is_rounded_to_four_decimals()
    {
        var row = Assert.Single(SignalExecutionStats.Of("sig-1", [Executed("u-1", 0.0001m, 1), Executed("u-2", 0.0001m, 1), Executed("u-3", 0.0002m, 1)]));

        Assert.Equal(0.0001m, row.AvgSlippage);
    }

    private static SignalExecution Pending(string userId) => new()
    {
        SignalId = "sig-1",
        UserId = userId,
        Status = ExecutionStatus.Pending,
        ClientOrderId = ClientOrderIds.For("sig-1", userId),
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static SignalExecution Executed(string userId, decimal slippage, long latency) => Pending(userId) with
    {
        Status = ExecutionStatus.Executed,
        ActualEntryPrice = 100m,
        Quantity = 1m,
        OrderId = "1",
        Slippage = slippage,
        Latency = latency,
    };

    private static SignalExecution Failed(string userId) => Pending(userId) with
    {
        Status = ExecutionStatus.Failed,
        FailureReason = "The exchange refused the order.",
    };
}
