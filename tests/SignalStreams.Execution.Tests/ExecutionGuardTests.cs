using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>The executor decides on the CURRENT state of the user and the signal, not on the router's snapshot.</summary>
[Collection(ExecutionCollection.Name)]
public sealed class ExecutionGuardTests(KafkaClusterFixture kafka, RedisServerFixture redis, ExecutionSystemFixture fixture) : IClassFixture<ExecutionSystemFixture>, IAsyncLifetime
{
    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_user_who_disabled_the_bot_after_the_fan_out_is_filtered_and_gets_no_record_or_order()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("quitter", symbol);
        var signal = TestData.Signal(symbol);
        await _system.Inputs.PutUserAsync(user with { BotEnabled = false });
        await _system.Inputs.PublishSignalAsync(signal);

        // The command the router wrote while the bot was still on arrives after the user switched it off.
        await _system.Inputs.CommandAsync(signal, user.UserId);

        await UntilLoggedAsync($"Filtered {signal.SignalId} for {user.UserId}: bot_disabled");
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, user.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
    }

    [Fact]
    public async Task A_cancelled_signal_is_blocked_for_commands_issued_before_the_cancel_and_for_manual_requests()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("toolate", symbol) with { BotEnabled = false };
        await _system.Inputs.PutUserAsync(user);
        var signal = TestData.Signal(symbol);
        await _system.Inputs.PublishSignalAsync(signal);
        await _system.Inputs.PublishSignalAsync(signal with { Status = SignalStatus.Cancelled });

        await _system.Inputs.CommandAsync(signal, user.UserId);
        await _system.Inputs.RequestAsync(signal.SignalId, user.UserId);

        await Eventually.UntilAsync(
            () => _system.ExecutorLogs.Count($"Blocked {signal.SignalId} for {user.UserId}: signal_cancelled") == 2,
            "the executor blocked both the stale command and the request");
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, user.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
    }

    [Fact]
    public async Task A_request_for_a_signal_the_executor_has_never_seen_is_blocked_without_a_record()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("ghost", symbol) with { BotEnabled = false };
        await _system.Inputs.PutUserAsync(user);
        var unknown = TestData.NewSignalId();

        await _system.Inputs.RequestAsync(unknown, user.UserId);

        await UntilLoggedAsync($"Blocked {unknown} for {user.UserId}: unknown_signal");
        Assert.Null(_system.Outputs.ExecutionOf(unknown, user.UserId));
    }

    [Fact]
    public async Task A_request_that_reaches_the_executor_before_its_signal_does_is_executed_once_the_signal_arrives()
    {
        // The API accepts a request once ITS view has the signal; the executor's signals table follows the topic on
        // its own and may not have it yet. That lag must delay the request, never drop it.
        var symbol = _system.NewSymbol();
        var user = TestData.User("early", symbol) with { BotEnabled = false };
        await _system.Inputs.PutUserAsync(user);
        var signal = TestData.Signal(symbol);

        await _system.Inputs.RequestAsync(signal.SignalId, user.UserId);
        await UntilLoggedAsync($"Signal {signal.SignalId} is not in the executor's signals table yet");
        await _system.Inputs.PublishSignalAsync(signal);

        var execution = await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        var order = Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
        Assert.Equal(order.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), execution.OrderId);
        Assert.Equal(0, _system.ExecutorLogs.Count($"Blocked {signal.SignalId} for {user.UserId}: unknown_signal"));
    }

    [Fact]
    public async Task A_user_at_max_open_positions_is_filtered_from_further_fan_outs_without_a_record_or_order()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("capped", symbol) with { MaxOpenPositions = 1 };
        await _system.Inputs.PutUserAsync(user);
        var (first, second) = (TestData.Signal(symbol), TestData.Signal(symbol));

        await _system.Inputs.PublishSignalAsync(first);
        await _system.Outputs.UntilExecutionAsync(first.SignalId, user.UserId, ExecutionStatus.Executed);
        await _system.Inputs.PublishSignalAsync(second);

        await UntilLoggedAsync($"Filtered {second.SignalId} for {user.UserId}: max_open_positions");
        Assert.Null(_system.Outputs.ExecutionOf(second.SignalId, user.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(second.SignalId, user.UserId));
        Assert.Single(_system.Exchange.Orders.All(), o => o.Symbol == symbol);
    }

    private Task UntilLoggedAsync(string text) =>
        Eventually.UntilAsync(() => _system.ExecutorLogs.Contains(text), $"the executor logs \"{text}\"");
}
