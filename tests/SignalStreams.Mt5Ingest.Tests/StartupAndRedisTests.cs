using System.Diagnostics;
using System.Net;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

[Collection("kafka")]
public sealed class StartupAndRedisTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task Missing_webhook_secret_stops_the_service_with_one_sentence_naming_the_key()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SignalStreams.Mt5Ingest.dll") },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Kafka__BootstrapServers"] = kafka.BootstrapServers;
        info.Environment["Kafka__Provisioning"] = "Off";
        info.Environment["Telegram__BotToken"] = "123:secret-token";
        info.Environment["Telegram__ChatId"] = "-100123";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        await stdout;

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("Mt5:WebhookSecret is required: set it in appsettings.json or as the environment variable Mt5__WebhookSecret", stderr.Trim().TrimEnd('.'));
        Assert.DoesNotContain("secret-token", stderr + await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_redis_down_a_new_position_still_gets_exactly_one_signal_and_one_message_on_the_state_store_alone()
    {
        var topics = kafka.NewTopics();
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var ingest = await IngestInstance.StartAsync(IngestInstance.Settings(kafka, redis, telegram, topics.Prefix, kafka.NewName("mt5")));
        var state = new TopicState(kafka.BootstrapServers, topics);
        var position = PositionEvents.Updated("acc-d", "400001");

        redis.Stop();
        try
        {
            var json = PositionEvents.Json(position);
            var answers = await Task.WhenAll(ingest.PostAsync(json), ingest.PostAsync(json), ingest.PostAsync(json));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
            await Eventually.UntilAsync(() => state.Telegram(position.Key)?.Status == TelegramDeliveryStatus.Sent, "the message is sent without Redis");
            await Eventually.UntilAsync(() => ingest.Totals.Duplicates >= 2, "both duplicates were processed");
        }
        finally
        {
            redis.Start();
        }

        Assert.Single(state.Signals());
        Assert.Single(telegram.Messages);
        Assert.Equal(MappingStatus.Completed, state.Mapping(position.Key)!.Status);
    }
}
