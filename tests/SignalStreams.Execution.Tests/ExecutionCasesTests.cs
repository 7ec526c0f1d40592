using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>The eight cases of issue 5, against the real executor, router and paper exchange.</summary>
[Collection(ExecutionCollection.Name)]
public sealed class ExecutionCasesTests(KafkaClusterFixture kafka, RedisServerFixture redis, ExecutionSystemFixture fixture) : IClassFixture<ExecutionSystemFixture>, IAsyncLifetime
{
    private const string DuplicatesRefused = "signal_streams_executor_duplicates_refused_total";

    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Users_A_B_and_C_each_execute_the_same_signal_and_each_gets_one_record_and_one_order()
    {
        var symbol = _system.NewSymbol();
        var signal = TestData.Signal(symbol);
        var users = new[] { ManualOnlyUser("a", symbol), ManualOnlyUser("b", symbol), ManualOnlyUser("c", symbol) };
        foreach (var user in users)
        {
            await _system.Inputs.PutUserAsync(user);
        }

        await _system.Inputs.PublishSignalAsync(signal);

        // One after the other, as three people would: an earlier user's execution never blocks the next one.
        foreach (var user in users)
        {
            await _system.Inputs.RequestAsync(signal.SignalId, user.UserId);
            var record = await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
            Assert.Equal(user.Email, record.UserEmail);
        }

        var orders = users.Select(u => Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, u.UserId))).ToList();
        Assert.Equal(3, orders.Select(o => o.ClientOrderId).Distinct().Count());
        Assert.Equal(3, _system.Outputs.Executions().Values.Count(e => e.SignalId == signal.SignalId && e.Status == ExecutionStatus.Executed));
    }

    [Fact]
    public async Task User_A_executing_again_by_request_or_by_duplicate_command_is_refused_without_a_second_record_or_order()
    {
        var symbol = _system.NewSymbol();
        var signal = TestData.Signal(symbol);
        var a = ManualOnlyUser("a", symbol);
        await _system.Inputs.PutUserAsync(a);
        await _system.Inputs.PublishSignalAsync(signal);
        await _system.Inputs.RequestAsync(signal.SignalId, a.UserId);
        var executed = await _system.Outputs.UntilExecutionAsync(signal.SignalId, a.UserId, ExecutionStatus.Executed);
        var versionsBefore = _system.Outputs.VersionsOf(signal.SignalId, a.UserId);
        var refusedBefore = await _system.ExecutorMetricAsync(DuplicatesRefused);

        await _system.Inputs.RequestAsync(signal.SignalId, a.UserId);
        await UntilLoggedAsync($"Refused {signal.SignalId} for {a.UserId} (Manual): You have already executed this signal");
        await _system.Inputs.CommandAsync(signal, a.UserId);
        await UntilLoggedAsync($"Refused {signal.SignalId} for {a.UserId} (Fanout): You have already executed this signal");

        Assert.Equal(versionsBefore, _system.Outputs.VersionsOf(signal.SignalId, a.UserId));
        Assert.Equal(executed, _system.Outputs.ExecutionOf(signal.SignalId, a.UserId));
        Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, a.UserId));
        Assert.True(await _system.ExecutorMetricAsync(DuplicatesRefused) >= refusedBefore + 2, "both refusals are counted on /metrics");
    }

    [Fact]
    public async Task Whether_a_user_has_executed_a_signal_is_answered_per_user_and_per_signal()
    {
        var symbol = _system.NewSymbol();
        var (first, second) = (TestData.Signal(symbol), TestData.Signal(symbol));
        var (a, b, idle) = (ManualOnlyUser("a", symbol), ManualOnlyUser("b", symbol), ManualOnlyUser("idle", symbol));
        foreach (var user in new[] { a, b, idle })
        {
            await _system.Inputs.PutUserAsync(user);
        }

        await _system.Inputs.PublishSignalAsync(first);
        await _system.Inputs.PublishSignalAsync(second);
        await _system.Inputs.RequestAsync(first.SignalId, a.UserId);
        await _system.Inputs.RequestAsync(second.SignalId, b.UserId);
        await _system.Outputs.UntilExecutionAsync(first.SignalId, a.UserId, ExecutionStatus.Executed);
        await _system.Outputs.UntilExecutionAsync(second.SignalId, b.UserId, ExecutionStatus.Executed);

        var executions = _system.Outputs.Executions();
        bool HasExecuted(Signal s, UserSettings u) => executions.TryGetValue(ExecutionKeys.Of(s.SignalId, u.UserId), out var e) && e.Status == ExecutionStatus.Executed;
        Assert.True(HasExecuted(first, a));
        Assert.False(HasExecuted(second, a));
        Assert.True(HasExecuted(second, b));
        Assert.False(HasExecuted(first, b));
        Assert.False(HasExecuted(first, idle) || HasExecuted(second, idle));
    }

    [Fact]
    public async Task An_executed_record_carries_the_fill_price_quantity_leverage_order_and_position_and_opens_a_position()
    {
        var symbol = _system.NewSymbol();
        var signal = TestData.Signal(symbol);
        var user = TestData.User("trader", symbol);
        await _system.Inputs.PutUserAsync(user);

        await _system.Inputs.PublishSignalAsync(signal);

        var record = await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        var order = Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
        // 100 USDT margin at the user's leverage 2 = 200 USDT notional / 100 = 2.000; filled 0.1% above 100.
        Assert.Equal(100.1m, record.ActualEntryPrice);
        Assert.Equal(2.000m, record.Quantity);
        Assert.Equal(2, record.Leverage);
        Assert.Equal(0.1m, record.Slippage);
        Assert.Equal(order.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), record.OrderId);
        Assert.Equal($"{user.UserId}:{record.OrderId}", record.PositionId);
        Assert.Equal(ClientOrderIds.For(signal.SignalId, user.UserId), record.ClientOrderId);
        Assert.Equal((order.ClientOrderId, order.Side, order.ExecutedQuantity), (record.ClientOrderId, OrderSide.Buy, 2.000m));
        Assert.Equal(user.Email, record.UserEmail);
        Assert.NotNull(record.ExecutedAt);
        Assert.InRange(record.Latency!.Value, 0, (long)(record.ExecutedAt!.Value - signal.CreatedAt).TotalMilliseconds + 1);
        Assert.Null(record.FailureReason);
        Assert.True(record.Validate().IsValid);

        // The position and the executed record are written together; either may be acknowledged first.
        Position? position = null;
        await Eventually.UntilAsync(() => (position = _system.Outputs.Positions().Values.SingleOrDefault(p => p.SignalId == signal.SignalId)) is not null, "the position is on the positions topic");
        Assert.Equal((record.PositionId, user.UserId, symbol, OrderSide.Buy, 2.000m, 100.1m, PositionStatus.Open), (position!.PositionId, position.UserId, position.Symbol, position.Side, position.Quantity, position.EntryPrice, position.Status));
    }

    [Fact]
    public async Task An_order_the_exchange_refuses_is_recorded_as_failed_with_the_reason_and_no_position()
    {
        var symbol = _system.NewSymbol();
        var signal = TestData.Signal(symbol);
        var user = TestData.User("refused", symbol);
        await _system.Inputs.PutUserAsync(user);
        _system.Exchange.Faults.Add(new PaperExchange.Faults.FaultRule
        {
            Kind = PaperExchange.Faults.FaultKind.Error,
            Symbol = symbol,
            Path = "/fapi/v1/order",
            Method = "POST",
            Status = 400,
            Code = -2019,
            Msg = "Margin is insufficient.",
        });

        await _system.Inputs.PublishSignalAsync(signal);

        var record = await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Failed);
        Assert.False(string.IsNullOrWhiteSpace(record.FailureReason));
        Assert.Contains("-2019", record.ErrorDetails, StringComparison.Ordinal);
        Assert.Contains("Margin is insufficient.", record.ErrorDetails, StringComparison.Ordinal);
        Assert.NotNull(record.FailedAt);
        Assert.Null(record.OrderId);
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
        Assert.DoesNotContain(_system.Outputs.Positions().Values, p => p.SignalId == signal.SignalId);
    }

    /// <summary>A user whose bot is off, so that the router never fans a signal out to them: only their requests count.</summary>
    private static UserSettings ManualOnlyUser(string stem, string symbol) => TestData.User(stem, symbol) with { BotEnabled = false };

    private Task UntilLoggedAsync(string text) =>
        Eventually.UntilAsync(() => _system.ExecutorLogs.Contains(text), $"the executor logs \"{text}\"");
}
