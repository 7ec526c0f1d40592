using System.Net;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Kafka.Mock;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

[Collection("kafka")]
public sealed class FailureTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    private const int MessageTooLarge = 10; // not retriable and about this request only: the producer gives the signal up at once

    [MockKafkaFact]
    public async Task Signal_creation_that_fails_once_marks_the_mapping_failed_and_the_next_event_creates_exactly_one_signal_and_one_message()
    {
        var topics = kafka.NewTopics();
        var position = PositionEvents.Updated("acc-f", "900001");
        var signalId = Mt5Keys.SignalIdFor(position.AccountId, position.PositionId);
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var ingest = await StartWithFailedSignalAsync(topics, telegram, position);
        var state = new TopicState(kafka.BootstrapServers, topics);

        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsync(PositionEvents.Json(position with { Profit = 1.5m, EventId = "evt-next" }))).StatusCode);
        await Eventually.UntilAsync(() => state.Telegram(position.Key)?.Status == TelegramDeliveryStatus.Sent, "the retry sends the message");

        Assert.Single(state.Signals(), s => s.Key == signalId);
        Assert.Single(telegram.Messages);
        Assert.Equal(MappingStatus.Completed, state.Mapping(position.Key)!.Status);
        Assert.Equal(signalId, state.Mapping(position.Key)!.SignalId);
    }

    [MockKafkaFact]
    public async Task Position_closed_after_a_failed_creation_is_closed_without_a_signal_and_a_late_event_creates_nothing()
    {
        var topics = kafka.NewTopics();
        var position = PositionEvents.Updated("acc-f", "900002");
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var ingest = await StartWithFailedSignalAsync(topics, telegram, position);
        var state = new TopicState(kafka.BootstrapServers, topics);

        await ingest.PostAsync(PositionEvents.Json(PositionEvents.Removed(position.AccountId, position.PositionId, profit: -2m)));
        await Eventually.UntilAsync(() => state.Mapping(position.Key)?.ClosedAt is not null, "the mapping is closed");
        var before = ingest.Totals.Duplicates;
        await ingest.PostAsync(PositionEvents.Json(position with { Profit = 5m, EventId = "evt-late" }));
        await Eventually.UntilAsync(() => ingest.Totals.Duplicates > before, "the late event was processed");

        Assert.Empty(state.Signals());
        Assert.Empty(telegram.Messages);
        Assert.Equal(MappingStatus.Failed, state.Mapping(position.Key)!.Status);
    }

    /// <summary>An ingest whose first signal publish for <paramref name="position"/> is refused by the broker.</summary>
    private async Task<IngestInstance> StartWithFailedSignalAsync(TopicNames topics, FakeTelegramServer telegram, PositionEvent position)
    {
        // The signal's partition lives on broker 3; everything else of this position on broker 1.
        var signalId = Mt5Keys.SignalIdFor(position.AccountId, position.PositionId);
        kafka.Cluster.SetPartitionLeader(topics.Signals, Murmur2Partitioner.PartitionFor(signalId, 6), 3);
        var positionPartition = Murmur2Partitioner.PartitionFor(position.Key, 6);
        // The ingest's own store changelogs too: the one refused produce request must be the signal's.
        foreach (var topic in new[] { topics.Mt5PositionEvents, topics.Mt5SignalMappings, topics.TelegramMappings, topics.Name("mt5-ingest-positions-changelog"), topics.Name("mt5-ingest-position-timers-changelog") })
        {
            kafka.Cluster.SetPartitionLeader(topic, positionPartition, 1);
        }

        var ingest = await IngestInstance.StartAsync(IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5")));
        var state = new TopicState(kafka.BootstrapServers, topics);
        kafka.Cluster.PushBrokerRequestError(3, KafkaApiKey.Produce, MessageTooLarge);
        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsync(PositionEvents.Json(position))).StatusCode);
        await Eventually.UntilAsync(() => state.Mapping(position.Key)?.Status == MappingStatus.Failed, "the failed signal creation is recorded");
        Assert.Empty(state.Signals());
        Assert.Empty(telegram.Messages);
        return ingest;
    }
}
