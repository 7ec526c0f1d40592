using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>Case 6 of issue 5: per-signal stats over the records the executor wrote to <c>signal-executions</c>.</summary>
[Collection(ExecutionCollection.Name)]
public sealed class ExecutionStatsTests(KafkaClusterFixture kafka, RedisServerFixture redis, ExecutionSystemFixture fixture) : IClassFixture<ExecutionSystemFixture>, IAsyncLifetime
{
    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Stats_of_a_signal_count_executed_and_failed_users_with_the_average_slippage_and_latency_of_the_executed()
    {
        var symbol = _system.NewSymbol();
        var executors = Enumerable.Range(1, 3).Select(i => TestData.User($"stats{i}", symbol)).ToList();
        var withoutKeys = Enumerable.Range(1, 2).Select(i => TestData.User($"nokeys{i}", symbol, paper: false)).ToList();
        foreach (var user in executors.Concat(withoutKeys))
        {
            await _system.Inputs.PutUserAsync(user);
        }

        var signal = TestData.Signal(symbol);
        await _system.Inputs.PublishSignalAsync(signal);
        foreach (var user in executors)
        {
            await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        }

        foreach (var user in withoutKeys)
        {
            await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Failed);
        }

        // Every version on the topic, in offset order: pending versions are superseded by the final ones.
        var records = TopicReader.ReadAll(_system.Bootstrap, _system.Topics.SignalExecutions)
            .Where(r => r.Value is not null)
            .OrderBy(r => r.Partition).ThenBy(r => r.Offset)
            .Select(r => r.As(ContractsJsonContext.Default.SignalExecution))
            .ToList();
        var rows = SignalExecutionStats.Of(signal.SignalId, records);

        Assert.Equal([(ExecutionStatus.Executed, 3), (ExecutionStatus.Failed, 2)], rows.Select(r => (r.Status, r.Count)));
        var executed = rows[0];
        Assert.Equal(ExecutionHarness.SlippagePercent, executed.AvgSlippage);
        Assert.Equal(ExecutionHarness.SlippagePercent, executed.P99Slippage);
        var latencies = records.Where(r => r.SignalId == signal.SignalId && r.Status == ExecutionStatus.Executed).Select(r => r.Latency!.Value).ToList();
        Assert.Equal(3, latencies.Count);
        Assert.Equal(latencies.Average(), executed.AvgLatency);
        Assert.Equal(latencies.Max(), executed.P99Latency);
        Assert.True(executed.AvgLatency > 0, "latency is measured from the signal's createdAt to the exchange's confirmation");
        Assert.Equal((null, null), (rows[1].AvgSlippage, rows[1].AvgLatency));
    }
}
