using SignalStreams.Contracts;
using SignalStreams.Execution.FaultTests.Support;
using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests;

/// <summary>
/// The router process is killed (SIGKILL) after a fan-out and restarted: it resumes from its committed position and
/// its restored fan-out store, so a signal published while it was down is fanned out and an earlier one is not
/// fanned out again.
/// </summary>
[Collection("kafka")]
public sealed class RouterRestartTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    private const string Router = "SignalStreams.SignalRouter";
    private const int Users = 40;

    [Fact]
    public async Task Router_killed_and_restarted_fans_out_the_signal_published_while_it_was_down_and_not_the_earlier_one_again()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        var stem = kafka.NewName("u");
        var userIds = Enumerable.Range(0, Users).Select(i => $"{stem}-{i:D2}").ToList();
        await world.WriteUsersAsync(userIds);
        var before = ExecutionHarness.NewSignal(kafka.NewName("before"));
        var whileDown = ExecutionHarness.NewSignal(kafka.NewName("down"));
        using var commands = TopicReader.Follow(kafka.BootstrapServers, world.Topics.ExecutionCommands, world.Topics.PartitionsOf(world.Topics.ExecutionCommands));
        var settings = world.RouterSettings(kafka.NewName("router"));
        var fanouts = world.RouterFanoutsChangelog(settings["Router:ApplicationId"]);
        using var routerState = TopicReader.Follow(kafka.BootstrapServers, fanouts, world.Topics.PartitionsOf(world.Topics.Signals));
        int CommandsFor(Signal signal) => commands.Values(ContractsJsonContext.Default.ExecutionCommand).Count(c => c.SignalId == signal.SignalId);
        int StateRecordsOf(Signal signal) => routerState.CountOf(signal.SignalId);
        using var committed = new GroupProgress(kafka.BootstrapServers, world.Topics.Name(settings["Router:ApplicationId"]), world.Topics.Signals, world.Topics.PartitionsOf(world.Topics.Signals));

        await using (var first = ServiceProcess.Start(Router, "router-1", settings))
        {
            await world.PublishSignalAsync(before);
            await Wait.UntilAsync(
                () => CommandsFor(before) == Users && StateRecordsOf(before) == 1,
                $"the first router fanned {before.SignalId} out to {Users} users and recorded it",
                TimeSpan.FromSeconds(90),
                first);

            // At-least-once: a record whose offset is not yet committed is fanned out again after a crash (the
            // executor refuses the duplicates). This test is about what was committed, so it waits for the commit.
            await Wait.UntilAsync(committed.HasCommittedEverything, "the first router committed the signal", TimeSpan.FromSeconds(60), first);
            first.Kill();
        }

        // While the router is down: a new signal, and the earlier one republished unchanged.
        await world.PublishSignalAsync(whileDown);
        await world.PublishSignalAsync(before);

        await using var restarted = ServiceProcess.Start(Router, "router-2", settings);
        await Wait.UntilAsync(
            () => CommandsFor(whileDown) == Users && StateRecordsOf(before) >= 2,
            $"the restarted router fanned {whileDown.SignalId} out and saw {before.SignalId} again",
            TimeSpan.FromSeconds(90),
            restarted);
        await Wait.UntilAsync(committed.HasCommittedEverything, "the restarted router committed every signal", TimeSpan.FromSeconds(60), restarted);

        var all = TopicReader.ReadAll(kafka.BootstrapServers, world.Topics.ExecutionCommands)
            .Select(r => (r.Key, Command: r.As(ContractsJsonContext.Default.ExecutionCommand)))
            .ToList();
        Assert.Equal(Users, all.Count(c => c.Command.SignalId == before.SignalId));
        Assert.Equal(Users, all.Count(c => c.Command.SignalId == whileDown.SignalId));
        Assert.Equal(userIds.Order(StringComparer.Ordinal), all.Where(c => c.Command.SignalId == whileDown.SignalId).Select(c => c.Key!).Order(StringComparer.Ordinal));
        Assert.All(all, c => Assert.Equal(c.Command.UserId, c.Key));
    }

    [MockKafkaFact]
    public async Task Router_killed_while_its_commands_are_undelivered_fans_the_signal_out_after_restart()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        const int commandsBroker = 3;
        const int otherBroker = 1;
        world.PlaceLeaders(topic => topic == world.Topics.ExecutionCommands ? commandsBroker : otherBroker);

        var stem = kafka.NewName("u");
        var userIds = Enumerable.Range(0, Users).Select(i => $"{stem}-{i:D2}").ToList();
        await world.WriteUsersAsync(userIds);
        using var commands = TopicReader.Follow(kafka.BootstrapServers, world.Topics.ExecutionCommands, world.Topics.PartitionsOf(world.Topics.ExecutionCommands));
        int CommandsFor(Signal signal) => commands.Values(ContractsJsonContext.Default.ExecutionCommand).Count(c => c.SignalId == signal.SignalId);

        // The group's coordinator must stay up while the brokers holding execution-commands go down.
        var group = Enumerable.Range(0, 100).Select(_ => kafka.NewName("router")).First(g => MockCoordinator.BrokerOf(world.Topics.Name(g), kafka.Cluster.BrokerCount) == otherBroker);
        var settings = world.RouterSettings(group);
        var warmUp = ExecutionHarness.NewSignal(kafka.NewName("warm"));
        var signal = ExecutionHarness.NewSignal(kafka.NewName("sig"));
        try
        {
            await using (var first = ServiceProcess.Start(Router, "router-1", settings))
            {
                await world.PublishSignalAsync(warmUp);
                await Wait.UntilAsync(() => CommandsFor(warmUp) == Users, "the first router fanned the warm-up signal out", TimeSpan.FromSeconds(90), first);

                kafka.Cluster.SetBrokerDown(commandsBroker);
                await world.PublishSignalAsync(signal);
                await Wait.UntilAsync(
                    () => first.CountLines($"Fanned out {signal.SignalId} ") > 0,
                    "the router fanned the signal out while its commands could not be delivered",
                    TimeSpan.FromSeconds(60),
                    first);
                first.Kill();
                Assert.Equal(0, CommandsFor(signal));
            }
        }
        finally
        {
            kafka.Cluster.SetBrokerUp(commandsBroker);
        }

        await using var restarted = ServiceProcess.Start(Router, "router-2", settings);
        await Wait.UntilAsync(
            () => CommandsFor(signal) >= Users,
            $"the restarted router emitted the commands of {signal.SignalId} that the crash lost",
            TimeSpan.FromSeconds(90),
            restarted);
        var receivers = commands.Values(ContractsJsonContext.Default.ExecutionCommand)
            .Where(c => c.SignalId == signal.SignalId)
            .Select(c => c.UserId)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(userIds.Order(StringComparer.Ordinal), receivers.Order(StringComparer.Ordinal));
    }

    [MockKafkaFact]
    public async Task Router_killed_while_an_expiry_is_undelivered_publishes_the_signal_as_expired_after_restart()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        const int signalsBroker = 3;
        const int otherBroker = 1;
        world.PlaceLeaders(topic => topic == world.Topics.Signals ? signalsBroker : otherBroker);

        await world.WriteUsersAsync([kafka.NewName("user")]);
        using var signals = TopicReader.Follow(kafka.BootstrapServers, world.Topics.Signals, world.Topics.PartitionsOf(world.Topics.Signals));
        var group = Enumerable.Range(0, 100).Select(_ => kafka.NewName("router")).First(g => MockCoordinator.BrokerOf(world.Topics.Name(g), kafka.Cluster.BrokerCount) == otherBroker);
        var settings = world.RouterSettings(group);
        var warmUp = ExecutionHarness.NewSignal(kafka.NewName("warm"));
        var signal = ExecutionHarness.NewSignal(kafka.NewName("sig"));
        bool Expired() => signals.VersionsOf(signal.SignalId, ContractsJsonContext.Default.Signal).Any(s => s.Status == SignalStatus.Expired);
        try
        {
            await using (var first = ServiceProcess.Start(Router, "router-1", settings))
            {
                await world.PublishSignalAsync(warmUp);
                await Wait.UntilAsync(() => first.CountLines($"Fanned out {warmUp.SignalId} ") > 0, "the router consumes signals", TimeSpan.FromSeconds(90), first);
                signal = ExecutionHarness.NewSignal(signal.SignalId, lifetime: TimeSpan.FromSeconds(3));
                await world.PublishSignalAsync(signal);
                await Wait.UntilAsync(() => first.CountLines($"Fanned out {signal.SignalId} ") > 0, "the router fanned the short-lived signal out", TimeSpan.FromSeconds(30), first);

                // The expiry can be sent but not delivered: the broker leading signals is down when expiresAt passes.
                kafka.Cluster.SetBrokerDown(signalsBroker);
                await Wait.UntilAsync(() => first.CountLines($"Expired {signal.SignalId} ") > 0, "the router expired the signal", TimeSpan.FromSeconds(60), first);
                first.Kill();
                Assert.False(Expired());
            }
        }
        finally
        {
            kafka.Cluster.SetBrokerUp(signalsBroker);
        }

        await using var restarted = ServiceProcess.Start(Router, "router-2", settings);
        await Wait.UntilAsync(Expired, $"the restarted router published {signal.SignalId} as EXPIRED", TimeSpan.FromSeconds(90), restarted);
    }
}
