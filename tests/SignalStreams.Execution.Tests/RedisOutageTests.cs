using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// Redis is only the fast cross-instance guard; the changelogged store is the record of truth. With Redis killed the
/// executor keeps executing on its store alone (looking each order up first), never duplicates an order, reports Redis
/// as Degraded, and uses Redis again once it is back. A dedicated redis-server, so no other test sees the outage.
/// </summary>
[Collection(ExecutionCollection.Name)]
public sealed class RedisOutageTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task With_Redis_down_executions_continue_on_the_state_store_without_duplicates_and_resume_using_Redis_when_it_returns()
    {
        using var redis = new RedisServerFixture();
        await using var system = await BehaviourHarness.StartAsync(kafka, redis.Configuration, withRouter: false);
        var symbol = system.NewSymbol();
        var signal = TestData.Signal(symbol);
        var before = TestData.User("before", symbol);
        var during = Enumerable.Range(1, 5).Select(i => TestData.User($"during{i}", symbol)).ToList();
        var after = TestData.User("after", symbol);
        foreach (var user in during.Append(before).Append(after))
        {
            await system.Inputs.PutUserAsync(user);
        }

        await system.Inputs.PublishSignalAsync(signal);
        await system.Inputs.CommandAsync(signal, before.UserId);
        await system.Outputs.UntilExecutionAsync(signal.SignalId, before.UserId, ExecutionStatus.Executed);
        Assert.Equal("done|executed", await ClaimOfAsync(redis, system, signal, before));

        redis.Stop();
        foreach (var user in during)
        {
            await system.Inputs.CommandAsync(signal, user.UserId);
        }

        foreach (var user in during)
        {
            await system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        }

        // Duplicates while Redis is down are refused by the store alone.
        await system.Inputs.CommandAsync(signal, before.UserId);
        await system.Inputs.RequestAsync(signal.SignalId, during[0].UserId);
        await Eventually.UntilAsync(() => system.ExecutorLogs.Contains($"Refused {signal.SignalId} for {before.UserId} (Fanout)"), "the duplicate command is refused");
        await Eventually.UntilAsync(() => system.ExecutorLogs.Contains($"Refused {signal.SignalId} for {during[0].UserId} (Manual)"), "the duplicate request is refused");
        var (status, body) = await system.ExecutorReadinessAsync();
        Assert.Equal(200, status);
        Assert.Equal("Degraded", RedisCheck(body));
        Assert.Equal("Degraded", body.RootElement.GetProperty("status").GetString());

        // Readiness recovers by itself (no execution needed), then claims are taken in Redis again.
        redis.Start();
        await Eventually.UntilAsync(async () => RedisCheck((await system.ExecutorReadinessAsync()).Body) == "Healthy", "readiness shows Redis healthy again");
        await system.Inputs.CommandAsync(signal, after.UserId);
        await system.Outputs.UntilExecutionAsync(signal.SignalId, after.UserId, ExecutionStatus.Executed);
        Assert.Equal("done|executed", await ClaimOfAsync(redis, system, signal, after));

        // The restarted Redis lost every marker; the store still refuses a repeat.
        await system.Inputs.RequestAsync(signal.SignalId, during[1].UserId);
        await Eventually.UntilAsync(() => system.ExecutorLogs.Contains($"Refused {signal.SignalId} for {during[1].UserId} (Manual)"), "the repeat after recovery is refused");
        foreach (var user in during.Append(before).Append(after))
        {
            Assert.Single(system.Outputs.OrdersOf(signal.SignalId, user.UserId));
            Assert.Equal(ExecutionStatus.Executed, system.Outputs.ExecutionOf(signal.SignalId, user.UserId)!.Status);
        }

        Assert.Equal(7, system.Exchange.Orders.All().Count(o => o.Symbol == symbol));
    }

    private static string? RedisCheck(JsonDocument readiness) =>
        readiness.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString();

    private static async Task<string?> ClaimOfAsync(RedisServerFixture redis, ExecutionHarness system, Signal signal, UserSettings user)
    {
        using var connection = redis.Connect();
        string? value = null;
        // The marker is completed right after the executed record is durable, so it may trail the record briefly.
        await Eventually.UntilAsync(
            async () => (value = await connection.GetDatabase().StringGetAsync(system.RedisKeyPrefix + ExecutionKeys.Of(signal.SignalId, user.UserId))) is not null && value.StartsWith("done|", StringComparison.Ordinal),
            "the executor's claim is marked done in Redis");
        return value;
    }
}
