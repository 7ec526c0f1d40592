using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// The Redis claim guards the window of a rebalance where another instance may still be executing a (signal, user).
/// The other instance is simulated by writing its claim into Redis, as its claim script would.
/// </summary>
[Collection(ExecutionCollection.Name)]
public sealed class ClaimTests(KafkaClusterFixture kafka, RedisServerFixture redis, ExecutionSystemFixture fixture) : IClassFixture<ExecutionSystemFixture>, IAsyncLifetime
{
    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_claim_held_by_another_instance_defers_the_execution_until_its_lease_ends_then_one_order_is_placed()
    {
        var (user, signal) = await UserAndSignalAsync("held");
        var key = _system.RedisKeyPrefix + ExecutionKeys.Of(signal.SignalId, user.UserId);
        using var connection = redis.Connect();
        var leaseEnds = DateTimeOffset.UtcNow.AddSeconds(4);
        await connection.GetDatabase().StringSetAsync(key, $"inflight|other-instance|{leaseEnds.ToUnixTimeMilliseconds()}", TimeSpan.FromMinutes(5));

        await _system.Inputs.CommandAsync(signal, user.UserId);

        await Eventually.UntilAsync(() => _system.ExecutorLogs.Contains($"Another executor instance is executing {ExecutionKeys.Of(signal.SignalId, user.UserId)}"), "the executor defers while the claim is held");
        await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        var order = Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
        Assert.True(order.Time >= leaseEnds.ToUnixTimeMilliseconds(), "the order was placed only after the other instance's lease had ended");
        // The marker is completed right after the executed record is durable.
        await Eventually.UntilAsync(async () => (string?)await connection.GetDatabase().StringGetAsync(key) == "done|executed", "the claim is marked done in Redis");
    }

    [Fact]
    public async Task A_pair_marked_done_in_Redis_by_another_instance_is_refused_without_a_record_or_order()
    {
        var (user, signal) = await UserAndSignalAsync("doneelsewhere");
        using var connection = redis.Connect();
        await connection.GetDatabase().StringSetAsync(_system.RedisKeyPrefix + ExecutionKeys.Of(signal.SignalId, user.UserId), "done|executed", TimeSpan.FromMinutes(5));

        await _system.Inputs.CommandAsync(signal, user.UserId);

        await Eventually.UntilAsync(() => _system.ExecutorLogs.Contains($"Refused {signal.SignalId} for {user.UserId} (Fanout): You have already executed this signal (existing record: done elsewhere)"), "the executor refuses the pair");
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, user.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
    }

    /// <summary>A user created after the router fanned the signal out, so the test's command is the user's only one.</summary>
    private async Task<(UserSettings User, Signal Signal)> UserAndSignalAsync(string stem)
    {
        var symbol = _system.NewSymbol();
        var signal = TestData.Signal(symbol);
        await _system.Inputs.PublishSignalAsync(signal);
        await Eventually.UntilAsync(() => _system.RouterLogs.Contains($"Fanned out {signal.SignalId} "), "the router has fanned the signal out");
        var user = TestData.User(stem, symbol);
        await _system.Inputs.PutUserAsync(user);
        return (user, signal);
    }
}
