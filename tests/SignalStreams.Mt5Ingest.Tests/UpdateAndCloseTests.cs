using System.Net;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

[Collection("kafka")]
public sealed class UpdateAndCloseTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task Updates_edit_the_one_message_and_removed_edits_it_to_closed_and_closes_the_signal()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var ingest = await IngestInstance.StartAsync(IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5")));
        var state = new TopicState(kafka.BootstrapServers, topics);
        var opened = PositionEvents.Updated("acc-u", "600001", profit: -4.8m);
        var signalId = Mt5Keys.SignalIdFor("acc-u", "600001");

        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsync(PositionEvents.Json(opened))).StatusCode);
        await Eventually.UntilAsync(() => state.Telegram(opened.Key)?.Status == TelegramDeliveryStatus.Sent, "the message is sent");
        var signal = state.Signal(signalId)!;
        Assert.Equal(("BTCUSDT", OrderSide.Buy, 68000m, SignalStatus.Active), (signal.Symbol, signal.Side, signal.EntryPrice, signal.Status));
        Assert.Equal(("mt5", "acc-u", "600001"), (signal.Origin!.Kind, signal.Origin.AccountId, signal.Origin.PositionId));

        await ingest.PostAsync(PositionEvents.Json(opened with { Profit = 12.5m, EventId = "evt-2" }));
        await Eventually.UntilAsync(() => telegram.Messages.Single().PlainText.Contains("+12.50", StringComparison.Ordinal), "the message shows the current profit");
        Assert.Equal(12.5m, state.Mapping(opened.Key)!.LastKnownProfit);

        await ingest.PostAsync(PositionEvents.Json(PositionEvents.Removed("acc-u", "600001", profit: 20m)));
        await Eventually.UntilAsync(() => state.Signal(signalId)?.Status == SignalStatus.Closed, "the signal is closed with the source");
        await Eventually.UntilAsync(() => state.Mapping(opened.Key)?.ClosedAt is not null, "the mapping records the close");
        var message = Assert.Single(telegram.Messages);
        Assert.Contains("CLOSED", message.PlainText, StringComparison.Ordinal);
        Assert.Contains("+20.00", message.PlainText, StringComparison.Ordinal);
        Assert.Equal(20m, state.Mapping(opened.Key)!.LastKnownProfit);

        // A late update after the close changes nothing.
        var edits = message.Edits.Count;
        var before = ingest.Totals.Duplicates;
        await ingest.PostAsync(PositionEvents.Json(opened with { Profit = 30m, EventId = "evt-late" }));
        await Eventually.UntilAsync(() => ingest.Totals.Duplicates > before, "the late update was processed");
        Assert.Equal(edits, telegram.Messages.Single().Edits.Count);
        Assert.Single(telegram.Messages);
        Assert.Equal(1, telegram.Calls.Count(c => c.Method == "sendMessage"));

        // The write accounting is scraped from /metrics, without secrets; readiness reports restored stores.
        var metrics = await (await ingest.GetAsync("/metrics")).Content.ReadAsStringAsync();
        var scrape = PrometheusText.Parse(metrics);
        Assert.Equal(2, scrape.Sum("signal_streams_mt5_kafka_records_written_total", ("record", "signal")));
        Assert.Equal(1, scrape.Sum("signal_streams_mt5_redis_operations_total", ("operation", "claim")));
        Assert.Equal(1, scrape.Sum("signal_streams_mt5_telegram_calls_total", ("method", "sendMessage"), ("outcome", "sent")));
        Assert.DoesNotContain(telegram.BotToken, metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(IngestInstance.Secret, metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ingest.GetAsync("/health/ready")).StatusCode);
    }
}
