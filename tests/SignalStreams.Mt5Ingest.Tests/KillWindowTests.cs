using System.Net;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

[Collection("kafka")]
public sealed class KillWindowTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task Instance_killed_between_sending_the_message_and_recording_it_leaves_unknown_and_never_a_second_message()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        var settings = IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5"));
        var state = new TopicState(kafka.BootstrapServers, topics);
        var position = PositionEvents.Updated("acc-k", "500001");

        // Telegram takes the message and does not answer: the process is killed while it waits.
        telegram.AcceptThenHangNext(TimeSpan.FromSeconds(5), method: "sendMessage");
        using (var doomed = await IngestProcess.StartAsync(new Dictionary<string, string?>(settings) { ["Telegram:RequestTimeoutSeconds"] = "30" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await doomed.PostAsync(PositionEvents.Json(position))).StatusCode);
            await Eventually.UntilAsync(() => telegram.Messages.Count == 1, "Telegram has the message");
            doomed.Kill();
        }

        // What the kill leaves: the mapping completed (flushed before the call), no telegram mapping yet.
        Assert.Equal(MappingStatus.Completed, state.Mapping(position.Key)?.Status);
        Assert.Null(state.Telegram(position.Key));

        // The next instance takes the partition over, replays the uncommitted event and must not send again.
        await using var next = await IngestInstance.StartAsync(settings);
        await Eventually.UntilAsync(() => state.Telegram(position.Key)?.Status == TelegramDeliveryStatus.Unknown, "the successor records the message as unknown", TimeSpan.FromSeconds(90));
        await next.PostAsync(PositionEvents.Json(position with { Profit = 3m, EventId = "evt-after-kill" }));
        await Eventually.UntilAsync(() => state.Mapping(position.Key)?.LastKnownProfit == 3m, "a later event was processed");

        Assert.Single(telegram.Messages);
        Assert.Equal(1, telegram.Calls.Count(c => c.Method == "sendMessage"));
        Assert.Single(state.Signals());
        Assert.Equal(TelegramDeliveryStatus.Unknown, state.Telegram(position.Key)!.Status);
    }
}
