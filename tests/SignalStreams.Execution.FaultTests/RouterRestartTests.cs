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
        await using var world = await ExecutionWorld.StartAsync(kafka, redis);
        var stem = kafka.NewName("u");
        var userIds = Enumerable.Range(0, Users).Select(i => $"{stem}-{i:D2}").ToList();
        await world.WriteUsersAsync(userIds);
        var before = ExecutionWorld.NewSignal(kafka.NewName("before"));
        var whileDown = ExecutionWorld.NewSignal(kafka.NewName("down"));
        using var commands = new TopicTail(kafka.BootstrapServers, world.Topics.ExecutionCommands, world.Topics.PartitionsOf(world.Topics.ExecutionCommands));
        using var routerState = new TopicTail(kafka.BootstrapServers, world.Topics.SignalRouterState, world.Topics.PartitionsOf(world.Topics.SignalRouterState));
        int CommandsFor(Signal signal) => commands.Records.Count(r => r.Value is not null && r.As(ContractsJsonContext.Default.ExecutionCommand).SignalId == signal.SignalId);
        int StateRecordsOf(Signal signal) => routerState.Records.Count(r => r.Key == signal.SignalId && r.Value is not null);
        var settings = world.RouterSettings(kafka.NewName("router"));

        await using (var first = ServiceProcess.Start(Router, "router-1", settings))
        {
            await world.PublishSignalAsync(before);
            await Wait.UntilAsync(
                () => CommandsFor(before) == Users && StateRecordsOf(before) == 1,
                $"the first router fanned {before.SignalId} out to {Users} users and recorded it",
                TimeSpan.FromSeconds(90),
                first);
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
        using (var progress = new GroupProgress(kafka.BootstrapServers, settings["Router:ApplicationId"], world.Topics.Signals, world.Topics.PartitionsOf(world.Topics.Signals)))
        {
            await Wait.UntilAsync(progress.HasCommittedEverything, "the restarted router committed every signal", TimeSpan.FromSeconds(60), restarted);
        }

        var all = TopicReader.ReadAll(kafka.BootstrapServers, world.Topics.ExecutionCommands)
            .Select(r => (r.Key, Command: r.As(ContractsJsonContext.Default.ExecutionCommand)))
            .ToList();
        Assert.Equal(Users, all.Count(c => c.Command.SignalId == before.SignalId));
        Assert.Equal(Users, all.Count(c => c.Command.SignalId == whileDown.SignalId));
        Assert.Equal(userIds.Order(StringComparer.Ordinal), all.Where(c => c.Command.SignalId == whileDown.SignalId).Select(c => c.Key!).Order(StringComparer.Ordinal));
        Assert.All(all, c => Assert.Equal(c.Command.UserId, c.Key));
    }
}
