using SignalStreams.Contracts;
using SignalStreams.Exchange.Protection;
using SignalStreams.Execution.FaultTests.Support;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests;

/// <summary>
/// The executor process is killed (SIGKILL) after the entry filled and while its protective orders are being placed
/// (the exchange accepted the stop but holds its answer); the restarted process finds "protection pending" in its
/// restored state, looks each order up by its deterministic id, and places only the missing one.
/// </summary>
[Collection("kafka")]
public sealed class PositionCrashTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    private const string Executor = "SignalStreams.SignalExecutor";

    [Fact]
    public async Task Executor_killed_between_the_entry_and_its_protective_orders_ends_with_exactly_one_stop_and_one_take_profit()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        var userId = kafka.NewName("user");
        var signal = ExecutionHarness.NewSignal(kafka.NewName("sig")) with { StopLoss = 3300m, TakeProfit = 3800m };
        var stopId = ProtectiveOrderIds.For(signal.SignalId, userId, ProtectionKind.StopLoss);
        var takeId = ProtectiveOrderIds.For(signal.SignalId, userId, ProtectionKind.TakeProfit);
        await world.WriteUsersAsync([userId]);
        await world.PublishSignalAsync(signal);
        using var positions = TopicReader.Follow(kafka.BootstrapServers, world.Topics.Positions, world.Topics.PartitionsOf(world.Topics.Positions));
        world.Exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThenHang, Method = "POST", Path = "/fapi/v1/algoOrder", Times = 1, DelayMs = 120_000 });
        var settings = world.ExecutorSettings();
        var crashing = new Dictionary<string, string>(settings) { ["Exchange:Client:OrderTimeout"] = "00:03:00" };

        await using (var first = ServiceProcess.Start(Executor, "executor-1", crashing))
        {
            await world.SendCommandAsync(signal, userId);
            await Wait.UntilAsync(
                () => world.Exchange.Orders.WithClientOrderId(stopId).Any(o => o.IsAlgo),
                "the entry filled and the stop reached the exchange, whose answer is held",
                TimeSpan.FromSeconds(90),
                first);
            first.Kill();
        }

        Assert.DoesNotContain(world.Exchange.Orders.WithClientOrderId(takeId), o => o.IsAlgo);
        await using var restarted = ServiceProcess.Start(Executor, "executor-2", settings);
        await Wait.UntilAsync(
            () => Positions(positions, signal).Any(p => p.TakeProfitOrderId is not null && p.Status == PositionStatus.Open),
            "the restarted executor finished the protection and published the protected position",
            TimeSpan.FromSeconds(90),
            restarted);

        Assert.Single(world.Exchange.Orders.WithClientOrderId(ClientOrderIds.For(signal.SignalId, userId)));
        var stop = Assert.Single(world.Exchange.Orders.WithClientOrderId(stopId), o => o.IsAlgo);
        var take = Assert.Single(world.Exchange.Orders.WithClientOrderId(takeId), o => o.IsAlgo);
        Assert.Equal(("STOP_MARKET", 3300m, true, "NEW"), (stop.Type, stop.StopPrice, stop.ReduceOnly, stop.Status));
        Assert.Equal(("TAKE_PROFIT_MARKET", 3800m, true, "NEW"), (take.Type, take.StopPrice, take.ReduceOnly, take.Status));
        var position = Positions(positions, signal).Last();
        Assert.Equal((stopId, takeId, 3300m, 3800m), (position.StopLossOrderId, position.TakeProfitOrderId, position.StopLoss, position.TakeProfit));
    }

    [Fact]
    public async Task Executor_killed_between_a_close_order_and_its_record_closes_with_that_one_order_after_restart()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        var userId = kafka.NewName("user");
        var signal = ExecutionHarness.NewSignal(kafka.NewName("sig")) with { StopLoss = 3300m, TakeProfit = 3800m };
        var closeId = ProtectiveOrderIds.For(signal.SignalId, userId, ProtectionKind.Close);
        await world.WriteUsersAsync([userId]);
        await world.PublishSignalAsync(signal);
        using var positions = TopicReader.Follow(kafka.BootstrapServers, world.Topics.Positions, world.Topics.PartitionsOf(world.Topics.Positions));
        var settings = world.ExecutorSettings();
        var crashing = new Dictionary<string, string>(settings) { ["Exchange:Client:OrderTimeout"] = "00:03:00" };

        await using (var first = ServiceProcess.Start(Executor, "executor-1", crashing))
        {
            await world.SendCommandAsync(signal, userId);
            await Wait.UntilAsync(() => Positions(positions, signal).Any(p => p.TakeProfitOrderId is not null), "the position is open and protected", TimeSpan.FromSeconds(90), first);
            var open = Positions(positions, signal).Last();

            // The close order fills but its answer is held; the executor dies before it can record the close.
            world.Exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThenHang, Method = "POST", Path = "/fapi/v1/order", Times = 1, DelayMs = 120_000 });
            await world.Writer.WriteAsync(
                world.Topics.ExecutionRequests,
                userId,
                new PositionCloseRequest { UserId = userId, PositionId = open.PositionId, RequestedBy = "admin", RequestedAt = DateTimeOffset.UtcNow },
                ContractsJsonContext.Default.PositionCloseRequest,
                SchemaNames.PositionCloseRequest);
            await Wait.UntilAsync(() => world.Exchange.Orders.WithClientOrderId(closeId).Any(o => o.Status == "FILLED"), "the close order filled", TimeSpan.FromSeconds(90), first);
            first.Kill();
        }

        Assert.DoesNotContain(Positions(positions, signal), p => p.Status == PositionStatus.Closed);
        await using var restarted = ServiceProcess.Start(Executor, "executor-2", settings);
        await Wait.UntilAsync(() => Positions(positions, signal).Any(p => p.Status == PositionStatus.Closed), "the restarted executor recorded the close", TimeSpan.FromSeconds(90), restarted);

        var close = Assert.Single(world.Exchange.Orders.WithClientOrderId(closeId));
        var closed = Positions(positions, signal).Single(p => p.Status == PositionStatus.Closed);
        Assert.Equal(PositionCloseReason.Manual, closed.CloseReason);
        Assert.Equal(close.AveragePrice, closed.ExitPrice);
        Assert.Equal(closeId, closed.CloseOrderId);
        Assert.All(new[] { closed.StopLossOrderId!, closed.TakeProfitOrderId! }, id => Assert.Equal("CANCELED", Assert.Single(world.Exchange.Orders.WithClientOrderId(id), o => o.IsAlgo).Status));
    }

    private static List<Position> Positions(TopicReader positions, Signal signal) =>
        positions.Values(ContractsJsonContext.Default.Position).Where(p => p.SignalId == signal.SignalId).ToList();
}
