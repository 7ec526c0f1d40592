using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// Bounded state (issue 12, point 5) and restarts: a settled execution leaves the local store once its signal has
/// been over for <c>Executor:StateRetention</c>, and a late event after that creates nothing; a restart that keeps its
/// state directory and one that restores from the changelogs end in the same state. Counted at the paper exchange
/// and on the topics.
/// </summary>
[Collection(ExecutionCollection.Name)]
public sealed class StateLifetimeTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task A_settled_execution_leaves_the_store_after_retention_only_once_its_position_closed_and_a_late_command_creates_no_record_or_order()
    {
        await using var system = await BehaviourHarness.StartAsync(kafka, redis.Configuration, withRouter: false, executorSettings: new Dictionary<string, string?>
        {
            ["Executor:StateRetention"] = "00:00:02",
            ["Executor:RetentionCheckIntervalMs"] = "500",
        });
        var symbol = system.NewSymbol();
        var user = TestData.User("retained", symbol);
        await system.Inputs.PutUserAsync(user);
        var signal = TestData.Signal(symbol, expiresIn: TimeSpan.FromSeconds(6));
        await system.Inputs.PublishSignalAsync(signal);
        await system.Inputs.CommandAsync(signal, user.UserId);
        await system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        var versions = system.Outputs.VersionsOf(signal.SignalId, user.UserId).Count;

        // An OPEN position never leaves the store; the source closing the signal closes it, and then it may.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await system.ExecutorMetricAsync("signal_streams_executor_retired_total"));
        await system.Inputs.PublishSignalAsync(signal with { Status = SignalStatus.Closed });
        await Eventually.UntilAsync(() => system.Outputs.Positions().Values.Any(p => p.SignalId == signal.SignalId && p.Status == PositionStatus.Closed), "the position is closed with the source");
        await Eventually.UntilAsync(async () => await system.ExecutorMetricAsync("signal_streams_executor_retired_total") >= 1, "the settled execution left the executor's store");
        await system.Inputs.CommandAsync(signal, user.UserId);
        await system.Inputs.RequestAsync(signal.SignalId, user.UserId);
        await Eventually.UntilAsync(() => system.ExecutorLogs.Count($"Blocked {signal.SignalId} for {user.UserId}: signal_") >= 2, "both late attempts are blocked");

        Assert.Single(system.Outputs.OrdersOf(signal.SignalId, user.UserId));
        Assert.Equal(versions, system.Outputs.VersionsOf(signal.SignalId, user.UserId).Count);
        Assert.Equal(ExecutionStatus.Executed, system.Outputs.ExecutionOf(signal.SignalId, user.UserId)!.Status);
    }

    [Fact]
    public async Task A_restart_with_its_state_directory_and_one_without_end_in_the_same_state()
    {
        await using var system = await BehaviourHarness.StartAsync(kafka, redis.Configuration, withRouter: false);
        var symbol = system.NewSymbol();
        var users = Enumerable.Range(0, 3).Select(i => TestData.User("restart" + i, symbol)).ToList();
        foreach (var user in users)
        {
            await system.Inputs.PutUserAsync(user);
        }

        var signal = TestData.Signal(symbol);
        await system.Inputs.PublishSignalAsync(signal);
        foreach (var user in users)
        {
            await system.Inputs.CommandAsync(signal, user.UserId);
        }

        foreach (var user in users)
        {
            await system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        }

        var before = users.ToDictionary(u => u.UserId, u => system.Outputs.VersionsOf(signal.SignalId, u.UserId).Count);
        var attempts = 0;
        foreach (var keep in new[] { true, false })
        {
            await system.RestartExecutorAsync(keepStateDirectory: keep);
            attempts++;
            foreach (var user in users)
            {
                await system.Inputs.RequestAsync(signal.SignalId, user.UserId);
            }

            await Eventually.UntilAsync(
                () => users.All(u => system.ExecutorLogs.Count($"Refused {signal.SignalId} for {u.UserId} (Manual)") >= attempts),
                $"every re-request after the restart {(keep ? "with" : "without")} the state directory is refused");
        }

        Assert.All(users, u => Assert.Single(system.Outputs.OrdersOf(signal.SignalId, u.UserId)));
        Assert.All(users, u => Assert.Equal(before[u.UserId], system.Outputs.VersionsOf(signal.SignalId, u.UserId).Count));
        Assert.All(users, u => Assert.Equal(ExecutionStatus.Executed, system.Outputs.ExecutionOf(signal.SignalId, u.UserId)!.Status));
    }
}
