using SignalStreams.Contracts;
using SignalStreams.Execution.FaultTests.Support;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests;

/// <summary>
/// The executor process is killed (SIGKILL) after it recorded <c>pending</c> and while the exchange, which has
/// already filled the order, holds back its answer; a new process must settle the attempt from the exchange's
/// record instead of ordering again.
/// </summary>
[Collection("kafka")]
public sealed class ExecutorCrashTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    private const string Executor = "SignalStreams.SignalExecutor";

    [Theory]
    [InlineData(MarketType.Futures, "/fapi/v1/order")]
    [InlineData(MarketType.Spot, "/api/v3/order")]
    public async Task Executor_killed_between_pending_and_the_exchange_answer_ends_with_one_order_and_one_executed_record_after_restart(MarketType market, string orderPath)
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        var userId = kafka.NewName("user");
        var signal = ExecutionHarness.NewSignal(kafka.NewName("sig"), market);
        var key = ExecutionKeys.Of(signal.SignalId, userId);
        var clientOrderId = ClientOrderIds.For(signal.SignalId, userId);
        await world.WriteUsersAsync([userId]);
        await world.PublishSignalAsync(signal);
        using var executions = TopicReader.Follow(kafka.BootstrapServers, world.Topics.SignalExecutions, world.Topics.PartitionsOf(world.Topics.SignalExecutions));
        var settings = await CrashWithPendingOrderAsync(world, executions, signal, userId, orderPath);

        Assert.Equal(ExecutionStatus.Pending, ExecutionOutputs.LatestStatuses(executions.Records, signal.SignalId)[key]);
        await using var restarted = ServiceProcess.Start(Executor, "executor-2", settings);
        await Wait.UntilAsync(
            () => ExecutionOutputs.LatestStatuses(executions.Records, signal.SignalId).GetValueOrDefault(key) == ExecutionStatus.Executed,
            "the restarted executor settled the pending attempt as executed",
            TimeSpan.FromSeconds(180),
            restarted);
        using (var progress = new GroupProgress(kafka.BootstrapServers, world.ExecutorGroup, world.Topics.ExecutionCommands, world.Topics.PartitionsOf(world.Topics.ExecutionCommands)))
        {
            await Wait.UntilAsync(progress.HasCommittedEverything, "the restarted executor committed the command", TimeSpan.FromSeconds(60), restarted);
        }

        var order = Assert.Single(world.Exchange.Orders.WithClientOrderId(clientOrderId));
        var records = world.Outputs.ExecutionRecordsOf(signal.SignalId);
        var executed = Assert.Single(records, r => r.Record.Status == ExecutionStatus.Executed);
        Assert.Equal(order.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), executed.Record.OrderId);
        Assert.Equal(order.ExecutedQuantity, executed.Record.Quantity);
        Assert.Equal(ExecutionStatus.Executed, ExecutionOutputs.Latest(records)[key].Status);
        Assert.DoesNotContain(records, r => r.Record.Status == ExecutionStatus.Failed);
        var positions = TopicReader.Of(kafka.BootstrapServers, world.Topics.Positions).Values(ContractsJsonContext.Default.Position)
            .Where(p => p.SignalId == signal.SignalId && p.UserId == userId)
            .ToList();
        Assert.Single(positions);
    }

    [Fact]
    public async Task User_deleted_while_an_order_outcome_is_unknown_still_gets_the_filled_order_recorded_as_executed()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        var userId = kafka.NewName("user");
        var signal = ExecutionHarness.NewSignal(kafka.NewName("sig"));
        var key = ExecutionKeys.Of(signal.SignalId, userId);
        await world.WriteUsersAsync([userId]);
        await world.PublishSignalAsync(signal);
        using var executions = TopicReader.Follow(kafka.BootstrapServers, world.Topics.SignalExecutions, world.Topics.PartitionsOf(world.Topics.SignalExecutions));
        var settings = await CrashWithPendingOrderAsync(world, executions, signal, userId, "/fapi/v1/order");
        await world.Writer.WriteTombstoneAsync(
            new Confluent.Kafka.TopicPartition(world.Topics.UserSettings, Murmur2Partitioner.PartitionFor(userId, world.Topics.PartitionsOf(world.Topics.UserSettings))),
            userId,
            SchemaNames.UserSettings);

        await using var restarted = ServiceProcess.Start(Executor, "executor-2", settings);
        await Wait.UntilAsync(
            () => ExecutionOutputs.LatestStatuses(executions.Records, signal.SignalId).TryGetValue(key, out var status) && status != ExecutionStatus.Pending,
            "the restarted executor settled the pending attempt",
            TimeSpan.FromSeconds(180),
            restarted);

        Assert.Single(world.Exchange.Orders.WithClientOrderId(ClientOrderIds.For(signal.SignalId, userId)));
        Assert.Equal(ExecutionStatus.Executed, ExecutionOutputs.LatestStatuses(executions.Records, signal.SignalId)[key]);
    }

    [MockKafkaFact]
    public async Task Executor_killed_while_the_position_is_undelivered_still_publishes_the_position_after_restart()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);

        // The group's coordinator (fixed by the executor's application id) stays up; the positions' leader goes down.
        var otherBroker = MockCoordinator.BrokerOf(world.ExecutorGroup, kafka.Cluster.BrokerCount);
        var positionsBroker = otherBroker == 3 ? 2 : 3;
        world.PlaceLeaders(topic => topic == world.Topics.Positions ? positionsBroker : otherBroker);

        var userId = kafka.NewName("user");
        var signal = ExecutionHarness.NewSignal(kafka.NewName("sig"));
        var key = ExecutionKeys.Of(signal.SignalId, userId);
        var clientOrderId = ClientOrderIds.For(signal.SignalId, userId);
        await world.WriteUsersAsync([userId]);
        await world.PublishSignalAsync(signal);
        using var executions = TopicReader.Follow(kafka.BootstrapServers, world.Topics.SignalExecutions, world.Topics.PartitionsOf(world.Topics.SignalExecutions));
        using var positions = TopicReader.Follow(kafka.BootstrapServers, world.Topics.Positions, world.Topics.PartitionsOf(world.Topics.Positions));
        var settings = world.ExecutorSettings();
        try
        {
            await using var first = ServiceProcess.Start(Executor, "executor-1", settings);
            await Wait.UntilAsync(() => first.CountLines("\"New\":\"RUNNING\"") > 0, "the executor joined its group", TimeSpan.FromSeconds(60), first);
            kafka.Cluster.SetBrokerDown(positionsBroker);
            await world.SendCommandAsync(signal, userId);
            await Wait.UntilAsync(() => world.Exchange.Orders.WithClientOrderId(clientOrderId).Any(o => o.Status == "FILLED"), "the order filled", TimeSpan.FromSeconds(60), first);
            first.Kill();
        }
        finally
        {
            kafka.Cluster.SetBrokerUp(positionsBroker);
        }

        await using var restarted = ServiceProcess.Start(Executor, "executor-2", settings);
        await Wait.UntilAsync(
            () => positions.Values(ContractsJsonContext.Default.Position).Any(p => p.SignalId == signal.SignalId)
                && ExecutionOutputs.LatestStatuses(executions.Records, signal.SignalId).GetValueOrDefault(key) == ExecutionStatus.Executed,
            "the restarted executor recorded the execution and published its position",
            TimeSpan.FromSeconds(180),
            restarted);

        var order = Assert.Single(world.Exchange.Orders.WithClientOrderId(clientOrderId));
        var position = positions.Values(ContractsJsonContext.Default.Position).First(p => p.SignalId == signal.SignalId);
        Assert.Equal($"{userId}:{order.OrderId}", position.PositionId);
        Assert.Equal(order.ExecutedQuantity, position.Quantity);
    }

    /// <summary>
    /// Starts an executor process, lets the exchange fill the user's order but hold the answer, waits until the
    /// attempt is recorded pending, and kills the process. Returns the executor settings to restart with.
    /// </summary>
    private async Task<Dictionary<string, string>> CrashWithPendingOrderAsync(ExecutionHarness world, TopicReader executions, Signal signal, string userId, string orderPath)
    {
        var key = ExecutionKeys.Of(signal.SignalId, userId);
        var clientOrderId = ClientOrderIds.For(signal.SignalId, userId);
        world.Exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThenHang, Method = "POST", Path = orderPath, Times = 1, DelayMs = 120_000 });
        var settings = world.ExecutorSettings();

        // The first process waits far longer for the order's answer than the test lets it live.
        var crashing = new Dictionary<string, string>(settings) { ["Exchange:Client:OrderTimeout"] = "00:03:00" };
        await using var first = ServiceProcess.Start(Executor, "executor-1", crashing);
        await world.SendCommandAsync(signal, userId);
        await Wait.UntilAsync(
            () => world.Exchange.Orders.WithClientOrderId(clientOrderId).Any(o => o.Status == "FILLED")
                && ExecutionOutputs.LatestStatuses(executions.Records, signal.SignalId).TryGetValue(key, out var status) && status == ExecutionStatus.Pending,
            "the exchange filled the order and the executor recorded the attempt as pending",
            TimeSpan.FromSeconds(180),
            first);
        first.Kill();
        return settings;
    }
}
