using SignalStreams.Contracts;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>Markets, sides and the exchange's awkward answers: each user still ends with one order and a truthful record.</summary>
[Collection(ExecutionCollection.Name)]
public sealed class ExchangeAnswerTests(KafkaClusterFixture kafka, RedisServerFixture redis, ExecutionSystemFixture fixture) : IClassFixture<ExecutionSystemFixture>, IAsyncLifetime
{
    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_spot_buy_spends_the_fixed_quote_and_is_recorded_with_leverage_one()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("spot", symbol);
        await _system.Inputs.PutUserAsync(user);

        await _system.Inputs.PublishSignalAsync(TestData.Signal(symbol) with { Market = MarketType.Spot, Leverage = null });

        var record = await UntilOnlyExecutionAsync(symbol, user);
        // 100 USDT / 100 = 1.000 at 100.1 (0.1% worse for a buyer).
        Assert.Equal((100.1m, 1.000m, 1, 0.1m), (record.ActualEntryPrice, record.Quantity, record.Leverage, record.Slippage));
        Assert.Equal(MarketType.Spot, Assert.Single(_system.Outputs.OrdersOf(record.SignalId, user.UserId)).Market);
    }

    [Fact]
    public async Task A_futures_sell_filled_below_the_signal_price_has_positive_slippage_because_it_is_worse_for_the_seller()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("seller", symbol);
        await _system.Inputs.PutUserAsync(user);

        await _system.Inputs.PublishSignalAsync(TestData.Signal(symbol) with { Side = OrderSide.Sell });

        var record = await UntilOnlyExecutionAsync(symbol, user);
        Assert.Equal((99.9m, 2.000m, 0.1m), (record.ActualEntryPrice, record.Quantity, record.Slippage));
        Assert.Equal(OrderSide.Sell, Assert.Single(_system.Outputs.OrdersOf(record.SignalId, user.UserId)).Side);
    }

    [Fact]
    public async Task An_order_that_filled_but_was_answered_with_503_is_found_by_lookup_and_never_placed_twice()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("fill503", symbol);
        await _system.Inputs.PutUserAsync(user);
        _system.Exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThen503, Symbol = symbol, Path = "/fapi/v1/order", Method = "POST", Times = 1 });

        await _system.Inputs.PublishSignalAsync(TestData.Signal(symbol));

        var record = await UntilOnlyExecutionAsync(symbol, user);
        Assert.Equal((100.1m, 2.000m), (record.ActualEntryPrice, record.Quantity));
        Assert.Single(_system.Outputs.OrdersOf(record.SignalId, user.UserId));
    }

    [Fact]
    public async Task An_order_refused_with_429_is_retried_after_the_wait_and_placed_once()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("limited", symbol);
        await _system.Inputs.PutUserAsync(user);
        _system.Exchange.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit, Symbol = symbol, Path = "/fapi/v1/order", Method = "POST", Times = 1, RetryAfterSeconds = 1 });

        await _system.Inputs.PublishSignalAsync(TestData.Signal(symbol));

        var record = await UntilOnlyExecutionAsync(symbol, user);
        Assert.Equal(2.000m, record.Quantity);
        Assert.Single(_system.Outputs.OrdersOf(record.SignalId, user.UserId));
        Assert.DoesNotContain(_system.Outputs.VersionsOf(record.SignalId, user.UserId), v => v.Status == ExecutionStatus.Failed);
    }

    private async Task<SignalExecution> UntilOnlyExecutionAsync(string symbol, UserSettings user)
    {
        SignalExecution? record = null;
        await Eventually.UntilAsync(
            () => (record = _system.Outputs.Executions().Values.SingleOrDefault(e => e.UserId == user.UserId && e.Status != ExecutionStatus.Pending)) is not null,
            $"{user.UserId}'s execution on {symbol} is settled");
        Assert.Equal(ExecutionStatus.Executed, record!.Status);
        return record;
    }
}
