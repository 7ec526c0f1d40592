using System.Net;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

[Collection("kafka")]
public sealed class MetricsEndpointTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task Metrics_of_the_started_ingest_process_are_Prometheus_text_under_one_prefix_with_the_write_accounting()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        var state = new TopicState(kafka.BootstrapServers, topics);
        var position = PositionEvents.Updated("acc-metrics", "700001");
        using var ingest = await IngestProcess.StartAsync(IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5")));
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsync(PositionEvents.Json(position))).StatusCode);
        await Eventually.UntilAsync(() => state.Telegram(position.Key)?.Status == TelegramDeliveryStatus.Sent, "the message is sent and recorded");
        var text = "";
        await Eventually.UntilAsync(
            async () => PrometheusText.Parse(text = await http.GetStringAsync(ingest.BaseUrl + "/metrics")).Sum("signal_streams_ready") == 1,
            "the process reports itself ready on /metrics",
            TimeSpan.FromSeconds(60));
        var metrics = PrometheusText.Parse(text);

        Assert.Empty(metrics.ConventionProblems("signal_streams_", "target_info"));
        Assert.Contains(metrics.Families, f => f.Type == "histogram" && f.Samples.Any(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)));
        Assert.Equal("counter", metrics.Family("signal_streams_mt5_kafka_records_written_total")?.Type);
        Assert.Equal(1, metrics.Sum("signal_streams_mt5_kafka_records_written_total", ("record", "position_event")));
        Assert.Equal(1, metrics.Sum("signal_streams_mt5_kafka_records_written_total", ("record", "signal")));
        Assert.Equal(1, metrics.Sum("signal_streams_mt5_kafka_records_written_total", ("record", "telegram_mapping")));
        Assert.Equal(1, metrics.Sum("signal_streams_mt5_redis_operations_total", ("operation", "claim")));
        Assert.Equal(1, metrics.Sum("signal_streams_mt5_telegram_calls_total", ("method", "sendMessage"), ("outcome", "sent")));
        Assert.Equal(1, metrics.Sum("signal_streams_mt5_positions_opened_total"));
        Assert.Equal(1, metrics.Sum("signal_streams_mt5_webhook_requests_total", ("outcome", "accepted")));
        Assert.Equal(2, metrics.Sum("signal_streams_health_status", ("check", "streams")));
        Assert.DoesNotContain(telegram.BotToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(IngestInstance.Secret, text, StringComparison.Ordinal);
    }
}
