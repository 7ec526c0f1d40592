using System.Net;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

[Collection("kafka")]
public sealed class TelegramFaultTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task Telegram_429_with_retry_after_2_is_waited_out_and_the_message_is_sent_once()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var ingest = await IngestInstance.StartAsync(IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5")));
        var state = new TopicState(kafka.BootstrapServers, topics);
        var position = PositionEvents.Updated("acc-r", "700001");

        telegram.RateLimitNext(retryAfterSeconds: 2, method: "sendMessage");
        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsync(PositionEvents.Json(position))).StatusCode);

        await Eventually.UntilAsync(() => state.Telegram(position.Key)?.Status == TelegramDeliveryStatus.Sent, "the message is sent after the wait");
        Assert.Single(telegram.Messages);
        var sends = telegram.Calls.Where(c => c.Method == "sendMessage").ToList();
        Assert.Equal([429, 200], sends.Select(c => c.StatusCode));
        Assert.Equal(telegram.Messages[0].MessageId, state.Telegram(position.Key)!.MessageId);
    }

    [Fact]
    public async Task Telegram_that_accepts_then_hangs_gives_an_unknown_mapping_no_second_message_and_other_positions_go_on()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var ingest = await IngestInstance.StartAsync(IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5")));
        var state = new TopicState(kafka.BootstrapServers, topics);
        var hanging = PositionEvents.Updated("acc-h", "800001");
        var other = PositionEvents.Updated("acc-h", "800002");

        telegram.AcceptThenHangNext(TimeSpan.FromSeconds(5), method: "sendMessage");
        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsync(PositionEvents.Json(hanging))).StatusCode);
        await Eventually.UntilAsync(() => telegram.Messages.Count == 1, "Telegram accepted the first message");
        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsync(PositionEvents.Json(other))).StatusCode);

        await Eventually.UntilAsync(() => state.Telegram(other.Key)?.Status == TelegramDeliveryStatus.Sent, "the other position is messaged");
        await Eventually.UntilAsync(() => state.Telegram(hanging.Key)?.Status == TelegramDeliveryStatus.Unknown, "the hanging send is recorded as unknown");

        // Later events of the unknown position neither resend nor edit.
        var before = ingest.Totals.Duplicates;
        await ingest.PostAsync(PositionEvents.Json(hanging));
        await Eventually.UntilAsync(() => ingest.Totals.Duplicates > before, "the repeated event was processed");
        await ingest.PostAsync(PositionEvents.Json(hanging with { Profit = 9m, EventId = "evt-later" }));
        await Eventually.UntilAsync(() => state.Mapping(hanging.Key)?.LastKnownProfit == 9m, "the later update was processed");

        Assert.Equal(2, telegram.Messages.Count);
        Assert.Equal(2, telegram.Calls.Count(c => c.Method == "sendMessage"));
        Assert.DoesNotContain(telegram.Calls, c => c.Method == "editMessageText");
        Assert.Null(state.Telegram(hanging.Key)!.MessageId);
    }

    [Fact]
    public async Task Telegram_gateway_error_gives_an_unknown_mapping_and_later_events_never_resend()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var ingest = await IngestInstance.StartAsync(IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5")));
        var state = new TopicState(kafka.BootstrapServers, topics);
        var position = PositionEvents.Updated("acc-g", "700003");

        // The front end's 502 page: the Bot API may or may not have taken the message behind it.
        telegram.FailNext(502, method: "sendMessage");
        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsync(PositionEvents.Json(position))).StatusCode);
        await Eventually.UntilAsync(() => state.Telegram(position.Key)?.Status == TelegramDeliveryStatus.Unknown, "the 502 is recorded as unknown");
        await ingest.PostAsync(PositionEvents.Json(position with { Profit = 3m, EventId = "evt-after-502" }));
        await Eventually.UntilAsync(() => state.Mapping(position.Key)?.LastKnownProfit == 3m, "the later update was processed");

        Assert.Equal([502], telegram.Calls.Select(c => c.StatusCode));
        Assert.Empty(telegram.Messages);
        Assert.Single(state.Signals());
    }

    [Fact]
    public async Task Message_still_waiting_out_a_429_when_the_instance_stops_is_failed_not_unknown_and_the_next_event_sends_it_once()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        var settings = IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5"));
        settings["Mt5:DrainTimeoutSeconds"] = "1";
        var state = new TopicState(kafka.BootstrapServers, topics);
        var position = PositionEvents.Updated("acc-w", "700002");

        telegram.RateLimitNext(retryAfterSeconds: 120, method: "sendMessage");
        await using (var stopping = await IngestInstance.StartAsync(settings))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await stopping.PostAsync(PositionEvents.Json(position))).StatusCode);
            await Eventually.UntilAsync(() => telegram.Calls.Any(c => c.StatusCode == 429), "Telegram asked to wait two minutes");

            // The fake notes the 429 as it answers; the client is waiting it out only once it has read that answer. A stop
            // before then cancels a call whose answer was not read, which is rightly Unknown (it may have been sent), and
            // that is not the case this test is about (1 run in 4 stopped that early here).
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal(TelegramDeliveryStatus.Failed, state.Telegram(position.Key)?.Status);
        Assert.Empty(telegram.Messages);

        await using var next = await IngestInstance.StartAsync(settings);
        await next.PostAsync(PositionEvents.Json(position with { Profit = 2m, EventId = "evt-after-stop" }));
        await Eventually.UntilAsync(() => state.Telegram(position.Key)?.Status == TelegramDeliveryStatus.Sent, "the next event sends the message", TimeSpan.FromSeconds(90));

        Assert.Single(telegram.Messages);
        Assert.Single(state.Signals());
    }
}
