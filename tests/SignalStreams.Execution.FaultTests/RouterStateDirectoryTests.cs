using SignalStreams.Contracts;
using SignalStreams.Execution.FaultTests.Support;
using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests;

/// <summary>
/// The router's RocksDB stores across restarts: one that finds its state directory after a clean stop restores
/// (almost) nothing from the changelogs, one on an empty directory restores every store, and both then behave the
/// same: a republished signal is not fanned out again, a new one is.
/// </summary>
[Collection("kafka")]
public sealed class RouterStateDirectoryTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    private const string Router = "SignalStreams.SignalRouter";
    private const string Restored = "signal_streams_streams_restored_records_total";
    private const int Users = 5;
    private const int Signals = 30;

    [Fact]
    public async Task A_restart_with_its_state_directory_restores_almost_nothing_one_without_restores_everything_and_both_end_in_the_same_state()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        var stem = kafka.NewName("u");
        await world.WriteUsersAsync(Enumerable.Range(0, Users).Select(i => $"{stem}-{i}").ToList());
        using var commands = TopicReader.Follow(kafka.BootstrapServers, world.Topics.ExecutionCommands, world.Topics.PartitionsOf(world.Topics.ExecutionCommands));
        int CommandsFor(Signal signal) => commands.Values(ContractsJsonContext.Default.ExecutionCommand).Count(c => c.SignalId == signal.SignalId);

        var settings = world.RouterSettings(kafka.NewName("router"));
        using var committed = new GroupProgress(kafka.BootstrapServers, world.Topics.Name(settings["Router:ApplicationId"]), world.Topics.Signals, world.Topics.PartitionsOf(world.Topics.Signals));
        var signals = Enumerable.Range(0, Signals).Select(i => ExecutionHarness.NewSignal(kafka.NewName($"s{i}"))).ToList();

        await using (var first = ServiceProcess.Start(Router, "router-1", settings))
        {
            foreach (var signal in signals)
            {
                await world.PublishSignalAsync(signal);
            }

            await Wait.UntilAsync(() => signals.All(s => CommandsFor(s) == Users), $"the first router fanned out all {Signals} signals", TimeSpan.FromSeconds(90), first);
            await Wait.UntilAsync(committed.HasCommittedEverything, "the first router committed them", TimeSpan.FromSeconds(60), first);
            Assert.Equal(0, await RestoredAsync(first));

            // A clean stop (a deploy): Streamiz closes the stores and writes their checkpoints.
            await first.StopAsync(TimeSpan.FromSeconds(60));
        }

        // Same state directory: the stores are there; only what the changelogs gained since the checkpoint is read.
        double keptRestored;
        await using (var kept = ServiceProcess.Start(Router, "router-kept", settings))
        {
            keptRestored = await RestoredWhenReadyAsync(kept);
            await RepublishAndCheckAsync(kept, "kept");

            // A crash this time: the fresh instance below must not depend on how this one ended.
            kept.Kill();
        }

        // An empty state directory (a new pod, a lost volume): every store is rebuilt from its changelog.
        var fresh = new Dictionary<string, string>(settings) { ["Streams:StateDir"] = TestStreams.NewStateDir() };
        await using (var rebuilt = ServiceProcess.Start(Router, "router-fresh", fresh))
        {
            // The killed instance stays a group member until its session times out: the new one may first be RUNNING
            // with only some partitions (restoring only theirs) and get the rest a few seconds later.
            var rebuiltRestored = await RestoredWhenReadyAsync(rebuilt);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (rebuiltRestored < 2 * Signals && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                rebuiltRestored = await RestoredAsync(rebuilt);
            }


            // fanouts holds one record per signal (two when republished), due one per signal.
            Assert.True(rebuiltRestored >= 2 * Signals, $"the router without its state directory restored {rebuiltRestored} records; its changelogs hold at least {2 * Signals}");
            Assert.True(keptRestored <= rebuiltRestored / 4, $"the router with its state directory restored {keptRestored} records, not (almost) nothing next to {rebuiltRestored} without it");
            await RepublishAndCheckAsync(rebuilt, "fresh");
        }

        async Task RepublishAndCheckAsync(ServiceProcess router, string label)
        {
            var again = signals.Take(3).ToList();
            var newOne = ExecutionHarness.NewSignal(kafka.NewName("new-" + label));
            foreach (var signal in again)
            {
                await world.PublishSignalAsync(signal);
            }

            await world.PublishSignalAsync(newOne);
            await Wait.UntilAsync(() => CommandsFor(newOne) == Users, $"the {label} router fanned out a new signal", TimeSpan.FromSeconds(90), router);
            await Wait.UntilAsync(committed.HasCommittedEverything, $"the {label} router committed the republished signals", TimeSpan.FromSeconds(60), router);
            Assert.All(again, s => Assert.Equal(Users, CommandsFor(s)));
        }
    }

    private static async Task<double> RestoredWhenReadyAsync(ServiceProcess router)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{router.Port}") };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await TryGetAsync(http, "/health/ready"))?.IsSuccessStatusCode != true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{router.Name} did not become ready (its stores restored) within 90 s:{Environment.NewLine}{router.RecentOutput}");
            await Task.Delay(200);
        }

        return await RestoredAsync(router);
    }

    private static async Task<double> RestoredAsync(ServiceProcess router)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{router.Port}") };
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        // The router's own stores; the user-settings global table is held in memory and always read whole.
        var metrics = PrometheusText.Parse(text);
        return metrics.Sum(Restored, ("store", "fanouts")) + metrics.Sum(Restored, ("store", "due"));
    }

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            return await http.GetAsync(new Uri(path, UriKind.Relative));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
