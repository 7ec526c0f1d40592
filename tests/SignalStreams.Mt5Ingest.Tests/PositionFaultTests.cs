using System.Net;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

/// <summary>
/// Issue 12 points 4 and 5 for mt5-ingest: events off their key's partition, Redis losing its data, retention and a
/// late event after it. Each counts signals on the topic and messages at the fake Telegram.
/// </summary>
[Collection("kafka")]
public sealed class PositionFaultTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task Events_produced_to_partitions_other_than_their_keys_are_forwarded_and_then_behave_exactly_like_correctly_partitioned_ones()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var ingest = await IngestInstance.StartAsync(IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5")));
        var state = new TopicState(kafka.BootstrapServers, topics);
        var position = PositionEvents.Updated("acc-m", "910001", profit: -1m);
        var signalId = Mt5Keys.SignalIdFor(position.AccountId, position.PositionId);
        var owner = Murmur2Partitioner.PartitionFor(position.Key, 6);
        var wrong = Enumerable.Range(1, 5).Select(i => (owner + i) % 6).ToList();

        // The same new position three times on three wrong partitions and once where it belongs.
        await Task.WhenAll(
            TestInputs.ProduceToPartitionAsync(kafka, topics, position, wrong[0]),
            TestInputs.ProduceToPartitionAsync(kafka, topics, position, wrong[1]),
            TestInputs.ProduceToPartitionAsync(kafka, topics, position, wrong[2]),
            ingest.PostAsync(PositionEvents.Json(position)));
        await Eventually.UntilAsync(() => state.Telegram(position.Key)?.Status == TelegramDeliveryStatus.Sent, "the message is sent");
        await Eventually.UntilAsync(() => ingest.Totals.Duplicates >= 3, "every copy reached the owner of the key");

        // A misrouted update and a misrouted close act like any other.
        await TestInputs.ProduceToPartitionAsync(kafka, topics, position with { EventId = "evt-up", Profit = 12.5m }, wrong[3]);
        await Eventually.UntilAsync(() => telegram.Messages.Single().PlainText.Contains("+12.50", StringComparison.Ordinal), "the misrouted update edits the message");
        await TestInputs.ProduceToPartitionAsync(kafka, topics, PositionEvents.Removed(position.AccountId, position.PositionId, profit: 20m), wrong[4]);
        await Eventually.UntilAsync(() => state.Signal(signalId)?.Status == SignalStatus.Closed, "the misrouted close closes the signal");
        await Eventually.UntilAsync(() => telegram.Messages.Single().PlainText.Contains("CLOSED", StringComparison.Ordinal), "the misrouted close edits the message");

        Assert.Single(telegram.Messages);
        Assert.Equal(1, telegram.Calls.Count(c => c.Method == "sendMessage"));
        Assert.Equal(2, state.Signals().Count(s => s.Key == signalId)); // created, then closed
        Assert.Equal(1, ingest.Totals.PositionsOpened);
        Assert.All(state.Mappings().Where(r => r.Key == position.Key), r => Assert.Equal(owner, r.Partition));
        Assert.All(state.TelegramMappings().Where(r => r.Key == position.Key), r => Assert.Equal(owner, r.Partition));
        Assert.Equal(MappingStatus.Completed, state.Mapping(position.Key)!.Status);
        Assert.NotNull(state.Mapping(position.Key)!.ClosedAt);
    }

    [Fact]
    public async Task Redis_flushed_between_duplicates_and_again_before_a_restart_that_restores_from_the_changelog_never_gives_a_second_signal_or_message()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        var settings = IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5"));
        var state = new TopicState(kafka.BootstrapServers, topics);
        var position = PositionEvents.Updated("acc-x", "920001");
        var json = PositionEvents.Json(position);

        await using (var first = await IngestInstance.StartAsync(settings))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await first.PostAsync(json)).StatusCode);
            await Eventually.UntilAsync(() => state.Telegram(position.Key)?.Status == TelegramDeliveryStatus.Sent, "the message is sent");
            await TestInputs.FlushRedisAsync(redis);
            await first.PostAsync(json);
            await first.PostAsync(json);
            await Eventually.UntilAsync(() => first.Totals.Duplicates >= 2, "both duplicates were processed after the flush");
            Assert.Equal(0, first.Totals.RedisOperations - 2); // claim + complete of the first event only
        }

        // A new instance with an empty state directory restores the store from its changelog; Redis is empty again.
        await TestInputs.FlushRedisAsync(redis);
        await using var second = await IngestInstance.StartAsync(settings);
        await second.PostAsync(json);
        await Eventually.UntilAsync(() => second.Totals.Duplicates >= 1, "the duplicate reached the restored instance", TimeSpan.FromSeconds(90));

        Assert.Single(state.Signals());
        Assert.Single(telegram.Messages);
        Assert.Equal(1, telegram.Calls.Count(c => c.Method == "sendMessage"));
        Assert.Equal(MappingStatus.Completed, state.Mapping(position.Key)!.Status);
        Assert.Equal(0, second.Totals.PositionsOpened);
    }

    [Fact]
    public async Task Closed_position_retires_after_the_retention_and_a_late_event_creates_nothing_even_with_redis_flushed_and_the_store_restored()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        var settings = IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5"));
        settings["Mt5:StateRetention"] = "00:00:02";
        var state = new TopicState(kafka.BootstrapServers, topics);
        var position = PositionEvents.Updated("acc-r", "930001");
        var signalId = Mt5Keys.SignalIdFor(position.AccountId, position.PositionId);

        await using (var first = await IngestInstance.StartAsync(settings))
        {
            await first.PostAsync(PositionEvents.Json(position));
            await Eventually.UntilAsync(() => state.Telegram(position.Key)?.Status == TelegramDeliveryStatus.Sent, "the message is sent");
            await first.PostAsync(PositionEvents.Json(PositionEvents.Removed(position.AccountId, position.PositionId, profit: 3m)));
            await Eventually.UntilAsync(() => state.PositionState(position.Key)?.Contains("\"retiredAt\"", StringComparison.Ordinal) == true, "the closed position retires");
            Assert.DoesNotContain("\"mapping\"", state.PositionState(position.Key), StringComparison.Ordinal);

            await TestInputs.FlushRedisAsync(redis);
            var before = first.Totals.Duplicates;
            await first.PostAsync(PositionEvents.Json(position with { EventId = "evt-late-1", Profit = 7m }));
            await Eventually.UntilAsync(() => first.Totals.Duplicates > before, "the late event was processed");
        }

        await TestInputs.FlushRedisAsync(redis);
        await using var second = await IngestInstance.StartAsync(settings);
        await second.PostAsync(PositionEvents.Json(position with { EventId = "evt-late-2", Profit = 8m }));
        await Eventually.UntilAsync(() => second.Totals.Duplicates >= 1, "the late event reached the restored instance", TimeSpan.FromSeconds(90));

        Assert.Equal(2, state.Signals().Count(s => s.Key == signalId)); // created, closed; never again
        Assert.Equal(SignalStatus.Closed, state.Signal(signalId)!.Status);
        Assert.Single(telegram.Messages);
        Assert.Equal(1, telegram.Calls.Count(c => c.Method == "sendMessage"));
        Assert.Contains("CLOSED", telegram.Messages[0].PlainText, StringComparison.Ordinal);
        Assert.NotNull(state.Mapping(position.Key)!.ClosedAt); // the compacted contract topic keeps the history
        Assert.Equal(0, second.Totals.PositionsOpened + second.Totals.RedisOperations);
    }
}
