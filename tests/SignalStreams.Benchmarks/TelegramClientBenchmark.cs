using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SignalStreams.FakeTelegram;
using SignalStreams.Telegram;

namespace SignalStreams.Benchmarks;

/// <summary>
/// The Telegram client against the in-process fake over loopback HTTP: per-call latency and throughput with the
/// rate limiter opened wide (client + HTTP + fake cost), then the default limits' pacing for one channel.
/// </summary>
public sealed class TelegramClientBenchmark : IBenchmark
{
    private const int Chats = 8;

    public string Name => "telegram-client";

    public string Description => "Bot API client vs. the fake Telegram on loopback: latency, sequential and concurrent throughput, default-limit pacing";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var chats = Enumerable.Range(1, Chats).Select(i => (-1001000000000L - i).ToString(CultureInfo.InvariantCulture)).ToList();
        await using var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramServerOptions { ChatIds = chats }, cancellationToken);
        var figures = new Dictionary<string, double>();
        var wide = new Dictionary<string, string?>
        {
            ["Telegram:PerChatMessagesPerSecond"] = "100000",
            ["Telegram:GroupChatMessagesPerMinute"] = "6000000",
            ["Telegram:GlobalMessagesPerSecond"] = "100000",
        };

        await using (var services = Client(telegram, wide))
        {
            var client = services.GetRequiredService<ITelegramBotClient>();
            await client.SendMessageAsync(telegram.ChatId, "warm-up", cancellationToken);

            var sequential = context.Count(2000);
            var latencies = new List<double>(sequential);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < sequential; i++)
            {
                var started = Stopwatch.GetTimestamp();
                Expect(await client.SendMessageAsync(telegram.ChatId, $"<b>message</b> {i}", cancellationToken));
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            figures["sequential sends/s"] = sequential / watch.Elapsed.TotalSeconds;
            latencies.Sort();
            figures["send latency p50 ms"] = latencies[latencies.Count / 2];
            figures["send latency p99 ms"] = latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.99))];

            var perChat = context.Count(500);
            watch.Restart();
            await Task.WhenAll(chats.Select(async chat =>
            {
                for (var i = 0; i < perChat; i++)
                {
                    Expect(await client.SendMessageAsync(chat, $"parallel {i}", cancellationToken));
                }
            }));
            figures[$"concurrent sends/s ({Chats} chats)"] = Chats * perChat / watch.Elapsed.TotalSeconds;

            var edits = context.Count(1000);
            var id = ((TelegramResult.Sent)await client.SendMessageAsync(telegram.ChatId, "to edit", cancellationToken)).MessageId;
            watch.Restart();
            for (var i = 0; i < edits; i++)
            {
                Expect(await client.EditMessageTextAsync(telegram.ChatId, id, $"edit {i}", cancellationToken));
            }

            figures["sequential edits/s"] = edits / watch.Elapsed.TotalSeconds;
        }

        await using (var services = Client(telegram, new Dictionary<string, string?>()))
        {
            // Default limits: one channel gets about one message per second, whatever the caller does.
            var client = services.GetRequiredService<ITelegramBotClient>();
            const int paced = 4;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, paced).Select(i => client.SendMessageAsync(chats[^1], $"paced {i}", cancellationToken)));
            figures[$"default limits: {paced} concurrent sends to one channel, seconds"] = watch.Elapsed.TotalSeconds;
        }

        figures["messages held by the fake"] = telegram.Messages.Count;
        return figures;
    }

    private static ServiceProvider Client(FakeTelegramServer telegram, Dictionary<string, string?> settings)
    {
        settings["Telegram:BaseUrl"] = telegram.BaseUrl;
        settings["Telegram:BotToken"] = telegram.BotToken;
        settings["Telegram:ChatId"] = telegram.ChatId;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddTelegramBot();
        return services.BuildServiceProvider();
    }

    private static void Expect(TelegramResult result)
    {
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Telegram call did not succeed: {result}");
        }
    }
}
