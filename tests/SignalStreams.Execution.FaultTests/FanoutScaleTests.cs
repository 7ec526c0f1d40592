using SignalStreams.Contracts;
using SignalStreams.Execution.FaultTests.Support;
using SignalStreams.SignalExecutor;
using SignalStreams.SignalRouter;
using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests;

/// <summary>One signal fanned out by the router to 1,000 paper users and executed by the executor, both hosted here.</summary>
[Collection("kafka")]
public sealed class FanoutScaleTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    private const int Users = 1000;

    [Fact]
    public async Task One_signal_to_1000_users_places_exactly_1000_orders_with_1000_distinct_client_order_ids()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        var stem = kafka.NewName("u");
        var userIds = Enumerable.Range(0, Users).Select(i => $"{stem}-{i:D4}").ToList();
        await world.WriteUsersAsync(userIds);
        var signal = ExecutionHarness.NewSignal(kafka.NewName("sig"));
        using var executions = TopicReader.Follow(kafka.BootstrapServers, world.Topics.SignalExecutions, world.Topics.PartitionsOf(world.Topics.SignalExecutions));
        var settings = world.ExecutorSettings();

        await using var executor = await ServiceHost.StartAsync(settings, b => b.AddSignalExecutor());
        await using var router = await ServiceHost.StartAsync(world.RouterSettings(kafka.NewName("router")), b => b.AddSignalRouter());
        await world.PublishSignalAsync(signal);

        await Eventually.UntilAsync(
            () => ExecutionOutputs.LatestStatuses(executions.Records, signal.SignalId).Count(s => s.Value != ExecutionStatus.Pending) == Users,
            $"all {Users} users have a settled record",
            TimeSpan.FromSeconds(180));
        using (var progress = new GroupProgress(kafka.BootstrapServers, world.ExecutorGroup, world.Topics.ExecutionCommands, world.Topics.PartitionsOf(world.Topics.ExecutionCommands)))
        {
            await Eventually.UntilAsync(progress.HasCommittedEverything, "the executor committed every command", TimeSpan.FromSeconds(60));
        }

        var orders = world.Outputs.OrdersPerClientOrderId(signal.SignalId, userIds);
        Assert.Equal(Users, world.Exchange.Orders.Count);
        Assert.Equal(Users, orders.Count);
        Assert.All(orders.Values, count => Assert.Equal(1, count));
        Assert.Equal(userIds.Select(u => ClientOrderIds.For(signal.SignalId, u)).Order(StringComparer.Ordinal), orders.Keys.Order(StringComparer.Ordinal));

        var latest = ExecutionOutputs.Latest(world.Outputs.ExecutionRecordsOf(signal.SignalId));
        Assert.Equal(Users, latest.Count);
        Assert.All(latest.Values, r => Assert.Equal(ExecutionStatus.Executed, r.Status));
        Assert.Equal(Users, latest.Values.Select(r => r.OrderId).Distinct().Count());
    }
}
