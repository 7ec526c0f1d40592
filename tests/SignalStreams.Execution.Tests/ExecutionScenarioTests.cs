using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>The three scenarios of issue 5 and the legacy EXECUTED status, through the router's fan-out.</summary>
[Collection(ExecutionCollection.Name)]
public sealed class ExecutionScenarioTests(KafkaClusterFixture kafka, RedisServerFixture redis, ExecutionSystemFixture fixture) : IClassFixture<ExecutionSystemFixture>, IAsyncLifetime
{
    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Three_users_on_one_very_strong_signal_get_three_positions_and_the_signal_stays_active()
    {
        var symbol = _system.NewSymbol();
        var users = Enumerable.Range(1, 3).Select(i => TestData.User($"s1u{i}", symbol)).ToList();
        foreach (var user in users)
        {
            await _system.Inputs.PutUserAsync(user);
        }

        var signal = TestData.Signal(symbol, SignalStrength.VeryStrong);
        await _system.Inputs.PublishSignalAsync(signal);

        foreach (var user in users)
        {
            await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
            Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
        }

        await Eventually.UntilAsync(() => _system.Outputs.Positions().Values.Count(p => p.SignalId == signal.SignalId) == 3, "three positions are open");
        Assert.Equal(users.Select(u => u.UserId).Order(), _system.Outputs.Positions().Values.Where(p => p.SignalId == signal.SignalId).Select(p => p.UserId).Order());
        var versions = _system.Outputs.SignalVersions(signal.SignalId);
        Assert.All(versions, v => Assert.Equal(SignalStatus.Active, v.Status));
        Assert.Equal(SignalStatus.Active, SignalsTable().Get(signal.SignalId)!.Status);
    }

    [Fact]
    public async Task A_weak_signal_is_not_executed_for_a_user_who_wants_strong_signals_and_leaves_no_record()
    {
        var symbol = _system.NewSymbol();
        var picky = TestData.User("picky", symbol, SignalStrength.Strong);
        var eager = TestData.User("eager", symbol, SignalStrength.Weak);
        await _system.Inputs.PutUserAsync(picky);
        await _system.Inputs.PutUserAsync(eager);
        var signal = TestData.Signal(symbol, SignalStrength.Weak);

        await _system.Inputs.PublishSignalAsync(signal);

        // The fan-out is one step: once the eager user's command exists, the router has decided for the picky one too.
        await _system.Outputs.UntilExecutionAsync(signal.SignalId, eager.UserId, ExecutionStatus.Executed);
        Assert.DoesNotContain(_system.Outputs.Commands(), c => c.SignalId == signal.SignalId && c.UserId == picky.UserId);

        // A stale command (as if the router had an older copy of the settings) is filtered by the executor as well.
        await _system.Inputs.CommandAsync(signal, picky.UserId);
        await UntilLoggedAsync($"Filtered {signal.SignalId} for {picky.UserId}: below_min_strength");
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, picky.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, picky.UserId));
    }

    [Fact]
    public async Task A_user_trying_a_signal_after_its_expiry_is_blocked_and_leaves_no_record()
    {
        var symbol = _system.NewSymbol();
        var late = TestData.User("late", symbol) with { BotEnabled = false };
        await _system.Inputs.PutUserAsync(late);
        var signal = TestData.Signal(symbol, expiresIn: TimeSpan.FromSeconds(2));
        await _system.Inputs.PublishSignalAsync(signal);

        // The router publishes the signal as EXPIRED once expiresAt passes; the executor's table follows.
        await Eventually.UntilAsync(() => _system.Outputs.SignalVersions(signal.SignalId).Any(v => v.Status == SignalStatus.Expired), "the router has published the signal as EXPIRED");
        await Eventually.UntilAsync(() => SignalsTable().Get(signal.SignalId)?.Status == SignalStatus.Expired, "the executor knows the signal expired");
        await _system.Inputs.RequestAsync(signal.SignalId, late.UserId);
        await _system.Inputs.CommandAsync(signal, late.UserId);

        await UntilLoggedAsync($"Blocked {signal.SignalId} for {late.UserId}: signal_expired", times: 2);
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, late.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, late.UserId));
    }

    [Fact]
    public async Task A_closed_signal_stays_closed_when_a_stale_writer_publishes_it_expired_afterwards_and_a_late_request_is_blocked()
    {
        var symbol = _system.NewSymbol();
        var late = TestData.User("after-close", symbol) with { BotEnabled = false };
        await _system.Inputs.PutUserAsync(late);
        var signal = TestData.Signal(symbol);
        await _system.Inputs.PublishSignalAsync(signal);
        await _system.Inputs.PublishSignalAsync(signal with { Status = SignalStatus.Closed });

        // As if the router's own EXPIRED raced the close, or an old copy of the source wrote after it.
        await _system.Writer.WriteAsync(_system.Topics.Signals, signal.SignalId, signal with { Status = SignalStatus.Expired }, ContractsJsonContext.Default.Signal, SchemaNames.Signal);

        await Eventually.UntilAsync(
            () => _system.Outputs.SignalVersions(signal.SignalId) is { Count: 4 } versions && versions[^1].Status == SignalStatus.Closed,
            "the router has answered the late EXPIRED with CLOSED again");
        await Eventually.UntilAsync(() => SignalsTable().Get(signal.SignalId)?.Status == SignalStatus.Closed, "the executor's table ends CLOSED");
        Assert.Equal([SignalStatus.Active, SignalStatus.Closed, SignalStatus.Expired, SignalStatus.Closed], _system.Outputs.SignalVersions(signal.SignalId).Select(v => v.Status));

        await _system.Inputs.RequestAsync(signal.SignalId, late.UserId);
        await UntilLoggedAsync($"Blocked {signal.SignalId} for {late.UserId}: signal_closed");
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, late.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, late.UserId));
    }

    [Fact]
    public async Task A_signal_published_with_the_legacy_status_EXECUTED_is_still_executed_by_every_eligible_user()
    {
        var symbol = _system.NewSymbol();
        var users = Enumerable.Range(1, 3).Select(i => TestData.User($"legacy{i}", symbol)).ToList();
        foreach (var user in users)
        {
            await _system.Inputs.PutUserAsync(user);
        }

        var signal = TestData.Signal(symbol, status: SignalStatus.Executed);
        await _system.Inputs.PublishSignalAsync(signal);

        foreach (var user in users)
        {
            await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
            Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
        }

        // A late manual request by another user is executed too: EXECUTED never closes a signal for anyone.
        var latecomer = TestData.User("legacy-late", symbol) with { BotEnabled = false };
        await _system.Inputs.PutUserAsync(latecomer);
        await _system.Inputs.RequestAsync(signal.SignalId, latecomer.UserId);
        await _system.Outputs.UntilExecutionAsync(signal.SignalId, latecomer.UserId, ExecutionStatus.Executed);
        Assert.All(_system.Outputs.SignalVersions(signal.SignalId), v => Assert.Equal(SignalStatus.Executed, v.Status));
    }

    [Fact]
    public async Task Republishing_a_fanned_out_signal_does_not_fan_it_out_again()
    {
        var symbol = _system.NewSymbol();
        var users = Enumerable.Range(1, 2).Select(i => TestData.User($"repub{i}", symbol)).ToList();
        foreach (var user in users)
        {
            await _system.Inputs.PutUserAsync(user);
        }

        var signal = TestData.Signal(symbol);
        await _system.Inputs.PublishSignalAsync(signal);
        foreach (var user in users)
        {
            await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        }

        await _system.Inputs.PublishSignalAsync(signal);

        // The router records every version it sees in its fan-out store's changelog; the second one means it has decided.
        await Eventually.UntilAsync(
            () => TopicReader.ReadAll(_system.Bootstrap, _system.Topics.Name("signal-router-fanouts-changelog")).Count(r => r.Key == signal.SignalId) >= 2,
            "the router has processed the republished signal");
        Assert.Equal(2, _system.Outputs.Commands().Count(c => c.SignalId == signal.SignalId));
        Assert.All(users, u => Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, u.UserId)));
    }

    private ExecutorTable<Signal> SignalsTable() => new(_system.Executor);

    private Task UntilLoggedAsync(string text, int times = 1) =>
        Eventually.UntilAsync(() => _system.ExecutorLogs.Count(text) >= times, $"the executor logs \"{text}\" {times} time(s)");
}
