using System.Net;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

[Collection("kafka")]
public sealed class ExactlyOnceTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    private const int Positions = 1000;

    [Fact]
    public async Task Thousand_positions_each_posted_three_times_concurrently_to_two_instances_give_one_signal_one_message_and_one_completed_mapping_each_within_the_write_budget()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        var settings = IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5"));
        await using var a = await IngestInstance.StartAsync(settings);
        await using var b = await IngestInstance.StartAsync(settings);
        var events = Enumerable.Range(0, Positions).Select(i => PositionEvents.Updated($"acc-{i % 7}", $"{250_000_000 + i}")).ToList();

        using var gate = new SemaphoreSlim(16);
        var posts = events.Select(async e =>
        {
            await gate.WaitAsync();
            try
            {
                var json = PositionEvents.Json(e);
                var answers = await Task.WhenAll(a.PostAsync(json), b.PostAsync(json), a.PostAsync(json));
                Assert.All(answers, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(posts);

        var state = new TopicState(kafka.BootstrapServers, topics);
        await Eventually.UntilAsync(
            () => state.TelegramMappings().Count >= Positions,
            "every position has its telegram mapping",
            TimeSpan.FromMinutes(3));
        // Every event (3 per position) has been consumed once the duplicates are counted too.
        await Eventually.UntilAsync(() => (a.Totals + b.Totals).Duplicates >= 2 * Positions, "both duplicates of every position were seen", TimeSpan.FromMinutes(1));

        var signals = state.Signals();
        Assert.Equal(Positions, signals.Count);
        Assert.Equal(Positions, signals.Select(s => s.Key).Distinct().Count());
        Assert.Equal(Positions, telegram.Messages.Count);
        Assert.Equal(Positions, telegram.Calls.Count(c => c.Method == "sendMessage"));
        var mappings = state.MappingTopic.Latest(ContractsJsonContext.Default.Mt5SignalMapping).Values.ToList();
        Assert.Equal(Positions, mappings.Count(m => m.Status == MappingStatus.Completed && m.SignalId == Mt5Keys.SignalIdFor(m.AccountId, m.PositionId)));
        var telegramMappings = state.TelegramMappingTopic.Latest(ContractsJsonContext.Default.TelegramMapping).Values.ToList();
        Assert.Equal(Positions, telegramMappings.Count(t => t.Status == TelegramDeliveryStatus.Sent && t.MessageId is not null));

        // The budget, counted on the topics themselves: processing + completed mapping, signal, telegram mapping.
        var kafkaRecords = state.Mappings().Count + signals.Count + state.TelegramMappings().Count;
        Assert.Equal(4 * Positions, kafkaRecords);
        var totals = a.Totals + b.Totals;
        Assert.Equal(Positions, totals.PositionsOpened);
        // At least the two duplicates per position; records replayed after the rebalance of the second instance's join
        // are duplicates too, and the exact record counts above show that none of them wrote anything.
        Assert.True(totals.Duplicates >= 2 * Positions, $"{totals.Duplicates} duplicates");
        Assert.Equal(4 * Positions, totals.ProcessorKafkaRecords);
        // Apart from the contract records: the position store's changelog (processing, completed, message sent).
        Assert.Equal(3 * Positions, totals.StateRecords);
        Assert.True(totals.RedisOperations <= 2 * Positions, $"{totals.RedisOperations} Redis operations for {Positions} positions");
        Assert.Equal(Positions, totals.TelegramCalls);
    }
}
