using System.Net;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;
using Xunit.Abstractions;

namespace SignalStreams.Mt5Ingest.Tests;

/// <summary>
/// Issue 12, "a restart that keeps its state directory restores (almost) nothing; one without it restores everything
/// from the changelog; both end in the same state", for mt5-ingest. Each restart also gets a Redis key prefix of its
/// own (Redis forgets every claim and done marker), so only the position store can stop a second signal or message.
/// </summary>
[Collection("kafka")]
public sealed class StateDirectoryTests(KafkaClusterFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    private const string Restored = "signal_streams_streams_restored_records_total";

    [Fact]
    public async Task A_restart_with_its_state_directory_restores_almost_nothing_one_without_restores_the_changelog_and_both_end_in_the_same_state()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        var settings = IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5"));
        var stateDir = IngestInstance.NewStateDir();
        settings["Streams:StateDir"] = stateDir;
        var state = new TopicState(kafka.BootstrapServers, topics);

        var opened = Enumerable.Range(1, 4).Select(i => PositionEvents.Updated("acc-sd", $"96000{i}", profit: -4.8m)).ToList();
        var (a, b, c, d) = (opened[0], opened[1], opened[2], opened[3]);
        var updateA = a with { EventId = "evt-a-1", Profit = 11m };
        var updateB = b with { EventId = "evt-b-1", Profit = 12m };
        var closeC = PositionEvents.Removed(c.AccountId, c.PositionId, profit: 13m);
        var updateD = d with { EventId = "evt-d-1", Profit = 14m };
        // Each position's latest event again, and the opening of the closed one: nothing of these may change anything.
        PositionEvent[] duplicates = [updateA, updateB, c, closeC, d];
        PositionEvent[] laterDuplicates = [updateA, updateB, c, closeC, updateD];

        await using (var first = await IngestInstance.StartAsync(settings))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await first.PostAsync(PositionEvents.Json(opened))).StatusCode);
            await Eventually.UntilAsync(() => opened.All(p => state.Telegram(p.Key)?.Status == TelegramDeliveryStatus.Sent), "the four messages are sent");
            await first.PostAsync(PositionEvents.Json([updateA, updateB, closeC]));
            await UntilShownAsync(telegram, state, a, "+11.00");
            await UntilShownAsync(telegram, state, b, "+12.00");
            await UntilShownAsync(telegram, state, c, "CLOSED");
            await Eventually.UntilAsync(() => state.Signal(SignalId(c))?.Status == SignalStatus.Closed, "the closed position's signal is closed");
            AssertSignals(state, (a, 1), (b, 1), (c, 2), (d, 1));
            AssertOneMessageEach(telegram, state, opened);
        }

        // A clean stop, the same state directory, Redis forgetting everything it held for the first instance.
        settings["Mt5:RedisKeyPrefix"] = kafka.NewName("mt5-kept") + ":";
        double keptRestored;
        await using (var kept = await IngestInstance.StartAsync(settings))
        {
            keptRestored = await RestoredWhenReadyAsync(kept, expectSome: false);
            var calls = telegram.Calls.Count;
            Assert.Equal(HttpStatusCode.Accepted, (await kept.PostAsync(PositionEvents.Json(duplicates))).StatusCode);
            await Eventually.UntilAsync(() => kept.Totals.Duplicates >= duplicates.Length || telegram.Calls.Count > calls, "the kept instance found every duplicate in its store (or, wrongly, called Telegram)", TimeSpan.FromSeconds(60));
            Assert.True(calls == telegram.Calls.Count, $"duplicates made {telegram.Calls.Count - calls} Telegram calls ({telegram.Messages.Count} messages for {opened.Count} positions)");
            await kept.PostAsync(PositionEvents.Json(updateD));
            await UntilShownAsync(telegram, state, d, "+14.00");

            AssertSignals(state, (a, 1), (b, 1), (c, 2), (d, 1));
            AssertOneMessageEach(telegram, state, opened);
            Assert.Equal(0, kept.Totals.PositionsOpened);
        }

        // What a fresh instance must rebuild: the positions store's changelog, whole (the mock cluster never compacts).
        var changelog = state.PositionChangelog.Records;
        Assert.Equal(opened.Select(p => p.Key).Order(), changelog.Select(r => r.Key).Distinct().Order());

        // An empty state directory (a new pod, a lost volume) and, again, a Redis that knows nothing.
        settings["Streams:StateDir"] = IngestInstance.NewStateDir();
        settings["Mt5:RedisKeyPrefix"] = kafka.NewName("mt5-fresh") + ":";
        double rebuiltRestored;
        await using (var rebuilt = await IngestInstance.StartAsync(settings))
        {
            rebuiltRestored = await RestoredWhenReadyAsync(rebuilt, expectSome: true, store: PositionTask.PositionsStore);
            output.WriteLine($"restored: kept state directory {keptRestored} (all stores), empty state directory {rebuiltRestored} (positions), positions changelog {changelog.Count} records");
            Assert.Equal(changelog.Count, rebuiltRestored);

            var calls = telegram.Calls.Count;
            Assert.Equal(HttpStatusCode.Accepted, (await rebuilt.PostAsync(PositionEvents.Json(laterDuplicates))).StatusCode);
            await Eventually.UntilAsync(() => rebuilt.Totals.Duplicates >= laterDuplicates.Length || telegram.Calls.Count > calls, "the rebuilt instance found every duplicate in its restored store (or, wrongly, called Telegram)", TimeSpan.FromSeconds(60));
            Assert.True(calls == telegram.Calls.Count, $"duplicates made {telegram.Calls.Count - calls} Telegram calls ({telegram.Messages.Count} messages for {opened.Count} positions)");
            await rebuilt.PostAsync(PositionEvents.Json([d with { EventId = "evt-d-2", Profit = 15m }, PositionEvents.Removed(a.AccountId, a.PositionId, profit: 16m)]));
            await UntilShownAsync(telegram, state, d, "+15.00");
            await UntilShownAsync(telegram, state, a, "CLOSED");
            await Eventually.UntilAsync(() => state.Signal(SignalId(a))?.Status == SignalStatus.Closed, "the later close closes its signal");

            AssertSignals(state, (a, 2), (b, 1), (c, 2), (d, 1));
            AssertOneMessageEach(telegram, state, opened);
            Assert.Equal(0, rebuilt.Totals.PositionsOpened);
            Assert.All(opened, p => Assert.Equal(MappingStatus.Completed, state.Mapping(p.Key)!.Status));
            Assert.All(opened, p => Assert.Equal(TelegramDeliveryStatus.Sent, state.Telegram(p.Key)!.Status));
        }

        Assert.True(rebuiltRestored > 0, "the instance without its state directory restored nothing");
        Assert.True(keptRestored <= rebuiltRestored / 4, $"the instance with its state directory restored {keptRestored} records, not (almost) nothing next to {rebuiltRestored} without it");
        try
        {
            Directory.Delete(stateDir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder
        }
    }

    private static string SignalId(PositionEvent p) => Mt5Keys.SignalIdFor(p.AccountId, p.PositionId);

    private static Task UntilShownAsync(FakeTelegramServer telegram, TopicState state, PositionEvent p, string text) =>
        Eventually.UntilAsync(() => Message(telegram, state, p)?.PlainText.Contains(text, StringComparison.Ordinal) == true, $"position {p.PositionId}'s message shows {text}");

    /// <summary>The position's one message, found by the message id its telegram mapping names.</summary>
    private static FakeTelegramMessage? Message(FakeTelegramServer telegram, TopicState state, PositionEvent p) =>
        state.Telegram(p.Key)?.MessageId is { } id ? telegram.Messages.SingleOrDefault(m => m.MessageId == id) : null;

    private static void AssertSignals(TopicState state, params (PositionEvent Position, int Records)[] expected)
    {
        var signals = state.Signals();
        Assert.All(expected, e => Assert.Equal(e.Records, signals.Count(s => s.Key == SignalId(e.Position))));
        Assert.Equal(expected.Sum(e => e.Records), signals.Count);
    }

    private static void AssertOneMessageEach(FakeTelegramServer telegram, TopicState state, IReadOnlyList<PositionEvent> positions)
    {
        Assert.Equal(positions.Count, telegram.Messages.Count);
        Assert.Equal(positions.Count, telegram.Calls.Count(c => c.Method == "sendMessage"));
        Assert.All(positions, p => Assert.NotNull(Message(telegram, state, p)));
    }

    /// <summary>Waits until the instance is ready (its restores ended), then reads what it restored.</summary>
    private static async Task<double> RestoredWhenReadyAsync(IngestInstance ingest, bool expectSome, string? store = null)
    {
        await Eventually.UntilAsync(async () => (await ingest.GetAsync("/health/ready")).IsSuccessStatusCode, "the instance is ready", TimeSpan.FromSeconds(90));
        double restored = 0;
        if (expectSome)
        {
            // The counter is added just after the restore's end is noted.
            await Eventually.UntilAsync(async () => (restored = await RestoredAsync(ingest, store)) > 0, "the instance reports what it restored", TimeSpan.FromSeconds(30));
            await Task.Delay(1000); // every partition's restore ended
        }

        return await RestoredAsync(ingest, store);
    }

    private static async Task<double> RestoredAsync(IngestInstance ingest, string? store)
    {
        var metrics = PrometheusText.Parse(await (await ingest.GetAsync("/metrics")).Content.ReadAsStringAsync());
        return store is null ? metrics.Sum(Restored) : metrics.Sum(Restored, ("store", store));
    }
}
