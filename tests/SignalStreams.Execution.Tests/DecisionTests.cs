using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// Issue 15: every (signal, user) the router or the executor considers gets a decision on <c>execution-decisions</c>
/// saying why the user's bot did or did not take the signal; a later decision replaces the earlier one.
/// </summary>
[Collection(ExecutionCollection.Name)]
public sealed class DecisionTests(KafkaClusterFixture kafka, RedisServerFixture redis, ExecutionSystemFixture fixture) : IClassFixture<ExecutionSystemFixture>, IAsyncLifetime
{
    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_weak_signal_tells_each_user_why_their_bot_took_it_or_not_and_a_later_decision_replaces_the_earlier()
    {
        var symbol = _system.NewSymbol();
        var strong = TestData.User("strong", symbol, minStrength: SignalStrength.Strong);
        var off = TestData.User("off", symbol) with { BotEnabled = false };
        var trader = TestData.User("trader", symbol);
        foreach (var user in new[] { strong, off, trader })
        {
            await _system.Inputs.PutUserAsync(user);
        }

        var signal = TestData.Signal(symbol, SignalStrength.Weak);
        await _system.Inputs.PublishSignalAsync(signal);

        var filtered = await _system.Outputs.UntilDecisionAsync(signal.SignalId, strong.UserId, DecisionVerdict.Filtered);
        Assert.Equal(("min-strength", DecisionStage.Router, ExecutionTrigger.Fanout), (filtered.Rule, filtered.Stage, filtered.Trigger));
        Assert.Equal((SignalStrength.Weak, SignalStrength.Strong), (filtered.Signal!.Strength, filtered.Settings!.MinStrength));
        Assert.Equal("This signal is WEAK; your minimum is STRONG.", filtered.Reason);
        var disabled = await _system.Outputs.UntilDecisionAsync(signal.SignalId, off.UserId, DecisionVerdict.Filtered);
        Assert.Equal(("bot-disabled", DecisionStage.Router, false), (disabled.Rule, disabled.Stage, disabled.Settings!.BotEnabled));
        var executed = await _system.Outputs.UntilDecisionAsync(signal.SignalId, trader.UserId, DecisionVerdict.Executed);
        var record = await _system.Outputs.UntilExecutionAsync(signal.SignalId, trader.UserId, ExecutionStatus.Executed);
        Assert.Equal(("order-filled", DecisionStage.Executor, ExecutionStatus.Executed), (executed.Rule, executed.Stage, executed.ExecutionStatus));
        Assert.Contains(record.OrderId!, executed.Reason, StringComparison.Ordinal);

        // Seed 000's rule stays: a filtered pair has a decision, never a SignalExecution. The topic's own contract:
        // schema header, the partition of the userId.
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, strong.UserId));
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, off.UserId));
        var (_, partition, schema) = Assert.Single(_system.Outputs.DecisionVersionsOf(signal.SignalId, strong.UserId));
        Assert.Equal((SchemaNames.ExecutionDecision, Murmur2Partitioner.PartitionFor(strong.UserId, 12)), (schema, partition));

        // A second manual request by the trader is refused; the bot-disabled user's own request executes and replaces
        // the router's decision.
        await _system.Inputs.RequestAsync(signal.SignalId, trader.UserId);
        await _system.Inputs.RequestAsync(signal.SignalId, off.UserId);
        var duplicate = await _system.Outputs.UntilDecisionAsync(signal.SignalId, trader.UserId, DecisionVerdict.DuplicateRefused);
        Assert.Equal(("already-executed", DecisionStage.Executor, ExecutionTrigger.Manual, ExecutionStatus.Executed), (duplicate.Rule, duplicate.Stage, duplicate.Trigger, duplicate.ExecutionStatus));
        Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, trader.UserId));
        var replaced = await _system.Outputs.UntilDecisionAsync(signal.SignalId, off.UserId, DecisionVerdict.Executed);
        Assert.Equal(DecisionStage.Executor, replaced.Stage);
        Assert.Equal([DecisionVerdict.Filtered, DecisionVerdict.Executed], _system.Outputs.DecisionVersionsOf(signal.SignalId, off.UserId).Select(v => v.Decision.Verdict));
    }

    [Fact]
    public async Task A_late_manual_request_for_an_expired_signal_is_blocked_as_expired_with_no_record_or_order()
    {
        var symbol = _system.NewSymbol();
        var late = TestData.User("late", symbol) with { BotEnabled = false };
        await _system.Inputs.PutUserAsync(late);
        var now = DateTimeOffset.UtcNow;
        var signal = TestData.Signal(symbol) with { CreatedAt = now.AddMinutes(-10), ExpiresAt = now.AddMinutes(-5) };
        await _system.Inputs.PublishSignalAsync(signal);

        await _system.Inputs.RequestAsync(signal.SignalId, late.UserId);

        var blocked = await _system.Outputs.UntilDecisionAsync(signal.SignalId, late.UserId, DecisionVerdict.Blocked);
        Assert.Equal(("expired", DecisionStage.Executor, ExecutionTrigger.Manual), (blocked.Rule, blocked.Stage, blocked.Trigger));
        Assert.StartsWith("This signal expired at ", blocked.Reason, StringComparison.Ordinal);
        Assert.Equal(signal.ExpiresAt.ToUnixTimeMilliseconds(), blocked.Signal!.ExpiresAt.ToUnixTimeMilliseconds());
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, late.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, late.UserId));
    }

    [Fact]
    public async Task A_manual_request_for_a_closed_signal_is_blocked_as_closed()
    {
        var symbol = _system.NewSymbol();
        var follower = TestData.User("closed", symbol) with { BotEnabled = false };
        await _system.Inputs.PutUserAsync(follower);
        var signal = TestData.Signal(symbol) with { Status = SignalStatus.Closed };
        await _system.Inputs.PublishSignalAsync(signal);

        await _system.Inputs.RequestAsync(signal.SignalId, follower.UserId);

        var blocked = await _system.Outputs.UntilDecisionAsync(signal.SignalId, follower.UserId, DecisionVerdict.Blocked);
        Assert.Equal(("closed", SignalStatus.Closed), (blocked.Rule, blocked.Signal!.Status));
        Assert.Equal("This signal was closed by its source before it could be executed for you.", blocked.Reason);
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, follower.UserId));
    }

    [Fact]
    public async Task Settings_changed_between_fan_out_and_execution_are_judged_by_the_executor_under_the_new_settings_rule()
    {
        var symbol = _system.NewSymbol();
        var signal = TestData.Signal(symbol);
        await _system.Inputs.PublishSignalAsync(signal);
        await Eventually.UntilAsync(() => _system.RouterLogs.Contains($"Fanned out {signal.SignalId} "), "the router has fanned the signal out");

        // The router's command was issued under the user's earlier settings; by the time the executor handles it the
        // user has switched to SPOT only, and this FUTURES signal no longer fits.
        var user = TestData.User("changed", symbol) with { Markets = [MarketType.Spot] };
        await _system.Inputs.PutUserAsync(user);
        await _system.Inputs.CommandAsync(signal, user.UserId);

        var decision = await _system.Outputs.UntilDecisionAsync(signal.SignalId, user.UserId, DecisionVerdict.Filtered);
        Assert.Equal(("markets", DecisionStage.Executor, ExecutionTrigger.Fanout), (decision.Rule, decision.Stage, decision.Trigger));
        Assert.Equal([MarketType.Spot], decision.Settings!.Markets!);
        Assert.Equal("This signal is for the FUTURES market, which is not among your markets (SPOT).", decision.Reason);
        Assert.Single(_system.Outputs.DecisionVersionsOf(signal.SignalId, user.UserId));
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, user.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
    }
}
