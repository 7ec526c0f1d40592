using SignalStreams.Contracts;
using SignalStreams.Execution.FaultTests.Support;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.SignalRouter;
using SignalStreams.Testing;
using Xunit.Abstractions;

namespace SignalStreams.Execution.FaultTests;

/// <summary>
/// A 2,000-user fan-out while the executor group changes under it: a second instance joins (eager rebalance) and
/// then the first is killed (SIGKILL, its partitions move after the session timeout). Every user must end with
/// exactly one order and one executed record.
/// </summary>
[Collection("kafka")]
public sealed class ExecutorRebalanceTests(KafkaClusterFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    private const string Executor = "SignalStreams.SignalExecutor";
    private const int Users = 2000;

    [Fact]
    public async Task Second_instance_joining_and_first_instance_killed_during_a_2000_user_fan_out_place_no_duplicate_and_miss_no_user()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        var stem = kafka.NewName("u");
        var userIds = Enumerable.Range(0, Users).Select(i => $"{stem}-{i:D4}").ToList();
        await world.WriteUsersAsync(userIds);

        // Some orders fill but their answer never comes (the instance that sent them may die before it learns the
        // outcome); the rest are slowed down so that the fan-out is still running when the group changes.
        world.Exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThenHang, Method = "POST", Path = "/fapi/v1/order", Probability = 0.05, Times = 40, DelayMs = 120_000 });
        world.Exchange.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Method = "POST", Path = "/fapi/v1/order", DelayMs = 100 });
        var signal = ExecutionHarness.NewSignal(kafka.NewName("sig"));
        var expected = userIds.Select(u => ClientOrderIds.For(signal.SignalId, u)).ToHashSet(StringComparer.Ordinal);
        int OrdersSoFar() => world.Exchange.Orders.All().Count(o => expected.Contains(o.ClientOrderId));
        using var executions = TopicReader.Follow(kafka.BootstrapServers, world.Topics.SignalExecutions, world.Topics.PartitionsOf(world.Topics.SignalExecutions));
        var settings = world.ExecutorSettings(new Dictionary<string, string?> { ["Executor:Dispatcher:MaxInFlightPerEndpoint"] = "4" });
        settings["Exchange:Client:OrderTimeout"] = "00:00:05";

        await using var first = ServiceProcess.Start(Executor, "executor-1", settings);
        await using var router = await ServiceHost.StartAsync(world.RouterSettings(kafka.NewName("router")), b => b.AddSignalRouter());
        await world.PublishSignalAsync(signal);

        await Wait.UntilAsync(() => OrdersSoFar() >= 300, "the first instance placed 300 orders", TimeSpan.FromSeconds(120), first);
        output.WriteLine($"second instance joins at {OrdersSoFar()} orders");
        await using var second = ServiceProcess.Start(Executor, "executor-2", settings);
        await Wait.UntilAsync(() => OrdersSoFar() >= 900 && second.CountLines("Executed ") > 0, "900 orders were placed and the second instance executed some of them", TimeSpan.FromSeconds(120), first, second);
        first.Kill();
        var ordersAtKill = OrdersSoFar();
        output.WriteLine($"first instance killed at {ordersAtKill} orders; the second had executed {second.CountLines("Executed ")} by then");
        Assert.True(ordersAtKill < Users, $"The kill must land in the middle of the fan-out, but all {ordersAtKill} orders were already placed.");

        await Wait.UntilAsync(
            () => ExecutionOutputs.LatestStatuses(executions.Records, signal.SignalId).Count(s => s.Value == ExecutionStatus.Executed) == Users,
            $"all {Users} users have an executed record",
            TimeSpan.FromSeconds(240),
            second);
        using (var progress = new GroupProgress(kafka.BootstrapServers, world.ExecutorGroup, world.Topics.ExecutionCommands, world.Topics.PartitionsOf(world.Topics.ExecutionCommands)))
        {
            await Wait.UntilAsync(progress.HasCommittedEverything, "the surviving instance committed every command", TimeSpan.FromSeconds(60), second);
        }

        output.WriteLine($"second instance: {second.CountLines("Executed ")} executed, {second.CountLines(SignalStreams.SignalExecutor.Machine.ExecutionMachine.DuplicateMessage)} refused as duplicates");
        var orders = world.Outputs.OrdersPerClientOrderId(signal.SignalId, userIds);
        Assert.Equal(Users, orders.Count);
        Assert.DoesNotContain(orders, o => o.Value > 1);
        Assert.Equal(Users, orders.Values.Sum());

        var records = world.Outputs.ExecutionRecordsOf(signal.SignalId);
        var latest = ExecutionOutputs.Latest(records);
        Assert.Equal(userIds.Select(u => ExecutionKeys.Of(signal.SignalId, u)).Order(StringComparer.Ordinal), latest.Keys.Order(StringComparer.Ordinal));
        Assert.All(latest.Values, r => Assert.Equal(ExecutionStatus.Executed, r.Status));
        Assert.DoesNotContain(records, r => r.Record.Status == ExecutionStatus.Failed);
        output.WriteLine($"orders answered with a hang: {40 - (world.Exchange.Faults.List().FirstOrDefault(f => f.Kind == FaultKind.FillThenHang)?.Times ?? 0)}");
        var executedVersions = records.Where(r => r.Record.Status == ExecutionStatus.Executed).GroupBy(r => r.Key).ToList();
        Assert.DoesNotContain(executedVersions, g => g.Select(r => r.Record.OrderId).Distinct().Count() > 1);
        Assert.Equal(latest.Values.Select(r => r.ClientOrderId).Order(StringComparer.Ordinal), orders.Keys.Order(StringComparer.Ordinal));
    }
}
