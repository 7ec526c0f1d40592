using SignalStreams.Contracts;
using SignalStreams.Execution.FaultTests.Support;
using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests;

/// <summary>
/// A large fan-out's filtered decisions are written after its commands, a chunk at a time. The router process is
/// killed (SIGKILL) while most of them are still unwritten: the restarted router finds the fan-out's marker and
/// writes every filtered user's decision, while the admitted users' commands are not sent again.
/// </summary>
[Collection("kafka")]
public sealed class RouterDecisionRestartTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    private const string Router = "SignalStreams.SignalRouter";
    private const int Admitted = 10;
    private const int Disabled = 200;

    [Fact]
    public async Task Router_killed_before_a_fan_outs_decisions_are_written_writes_every_one_after_restart()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        var stem = kafka.NewName("u");
        var admitted = Enumerable.Range(0, Admitted).Select(i => $"{stem}-on-{i:D3}").ToList();
        var disabled = Enumerable.Range(0, Disabled).Select(i => $"{stem}-off-{i:D3}").ToList();
        await world.WriteUsersAsync(admitted);
        await Task.WhenAll(disabled.Select(id => world.Writer.WriteAsync(world.Topics.UserSettings, id, ExecutionHarness.PaperUser(id) with { BotEnabled = false }, ContractsJsonContext.Default.UserSettings, SchemaNames.UserSettings)));
        using var commands = TopicReader.Follow(kafka.BootstrapServers, world.Topics.ExecutionCommands, world.Topics.PartitionsOf(world.Topics.ExecutionCommands));
        using var decisions = TopicReader.Follow(kafka.BootstrapServers, world.Topics.ExecutionDecisions, world.Topics.PartitionsOf(world.Topics.ExecutionDecisions));
        var signal = ExecutionHarness.NewSignal(kafka.NewName("s"));
        int CommandsFor() => commands.Values(ContractsJsonContext.Default.ExecutionCommand).Count(c => c.SignalId == signal.SignalId);
        HashSet<string> DecidedUsers() => decisions.Values(ContractsJsonContext.Default.ExecutionDecisionRecord)
            .Where(d => d.SignalId == signal.SignalId && d.Verdict == DecisionVerdict.Filtered)
            .Select(d => d.UserId)
            .ToHashSet(StringComparer.Ordinal);

        // 5 decisions a second: the first router has written only a few when it is killed.
        var settings = world.RouterSettings(kafka.NewName("router"));
        settings["Router:DecisionChunkSize"] = "5";
        settings["Router:DecisionIntervalMs"] = "1000";
        using var committed = new GroupProgress(kafka.BootstrapServers, world.Topics.Name(settings["Router:ApplicationId"]), world.Topics.Signals, world.Topics.PartitionsOf(world.Topics.Signals));
        await using (var first = ServiceProcess.Start(Router, "router-1", settings))
        {
            await world.PublishSignalAsync(signal);
            await Wait.UntilAsync(() => CommandsFor() == Admitted, $"the first router sent {Admitted} commands", TimeSpan.FromSeconds(90), first);
            await Wait.UntilAsync(committed.HasCommittedEverything, "the first router committed the signal (and its marker)", TimeSpan.FromSeconds(60), first);
            first.Kill();
        }

        var beforeRestart = DecidedUsers().Count;
        Assert.True(beforeRestart < Disabled, $"the first router wrote {beforeRestart} of {Disabled} decisions before it was killed; the test needs it to be stopped part way");

        settings["Router:DecisionIntervalMs"] = "10";
        await using var restarted = ServiceProcess.Start(Router, "router-2", settings);
        await Wait.UntilAsync(() => DecidedUsers().Count == Disabled, $"the restarted router wrote all {Disabled} filtered decisions", TimeSpan.FromSeconds(90), restarted);

        Assert.Equal(disabled.Order(StringComparer.Ordinal), DecidedUsers().Order(StringComparer.Ordinal));
        var written = decisions.Values(ContractsJsonContext.Default.ExecutionDecisionRecord).Where(d => d.SignalId == signal.SignalId).ToList();
        Assert.All(written, d => Assert.Equal(("bot-disabled", DecisionStage.Router), (d.Rule, d.Stage)));
        Assert.Equal(Admitted, CommandsFor()); // the commands were committed: not sent again
        Assert.DoesNotContain(written, d => admitted.Contains(d.UserId));
    }
}
