using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// Binance may answer a MARKET order with status NEW and nothing executed yet (the fill follows a moment later). The
/// paper exchange does the same with FillLatencyMs. An execution is only recorded as executed with the actual fill.
/// </summary>
[Collection(ExecutionCollection.Name)]
public sealed class SlowFillTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task An_order_found_still_unfilled_after_a_timeout_is_recorded_with_the_fill_price_and_quantity_once_filled()
    {
        // The order answer takes longer than the executor waits, so it looks the order up while it is still NEW.
        var paper = new Dictionary<string, string?> { ["PaperExchange:FillLatencyMs"] = "2500" };
        var executor = new Dictionary<string, string?> { ["Exchange:Client:OrderTimeout"] = "00:00:01" };
        await using var system = await BehaviourHarness.StartAsync(kafka, redis.Configuration, withRouter: false, paper, executor);
        var symbol = system.NewSymbol();
        var user = TestData.User("slowfill", symbol);
        await system.Inputs.PutUserAsync(user);
        var signal = TestData.Signal(symbol);
        await system.Inputs.PublishSignalAsync(signal);

        await system.Inputs.CommandAsync(signal, user.UserId);

        var record = await system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        Assert.Equal((100.1m, 2.000m, 0.1m), (record.ActualEntryPrice, record.Quantity, record.Slippage));
        Assert.True(record.Validate().IsValid, record.Validate().Describe());
        Assert.DoesNotContain(system.Outputs.VersionsOf(signal.SignalId, user.UserId), v => v.Status == ExecutionStatus.Executed && v.Quantity is not > 0);
        Position? position = null;
        await Eventually.UntilAsync(() => (position = system.Outputs.Positions().Values.SingleOrDefault(p => p.SignalId == signal.SignalId)) is not null, "the position is on the positions topic");
        Assert.Equal(2.000m, position!.Quantity);
        Assert.Single(system.Outputs.OrdersOf(signal.SignalId, user.UserId));
    }
}
