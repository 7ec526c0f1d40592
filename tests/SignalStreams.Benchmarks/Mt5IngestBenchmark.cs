using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Hosting;
using SignalStreams.Mt5Ingest;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// New MT5 positions through two real ingest instances (webhook → topic → processor → signal + Telegram), each
/// event posted three times concurrently, against the dev Kafka cluster, a real redis-server and the fake Telegram
/// over HTTP. Reports positions per second and the measured writes per position: Kafka records on the output topics,
/// Redis commands and Telegram calls (and the same for the duplicates, which should be zero).
/// </summary>
public sealed class Mt5IngestBenchmark : IBenchmark
{
    private const string Secret = "bench-webhook-secret";

    public string Name => "mt5-ingest";

    public string Description => "new MT5 positions/s with 3x duplicate events over two instances, and Kafka records, Redis ops, Telegram calls per position";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var positions = context.Count(2000);
        var topics = new TopicNames("bench-mt5-" + Guid.NewGuid().ToString("N")[..6] + "-");
        context.Kafka.CreateTopics(topics);
        using var redis = new RedisServerFixture();
        await using var telegram = await FakeTelegramServer.StartAsync(null, cancellationToken);
        var settings = Settings(context, redis, telegram, topics);
        var (a, aUrl) = await StartAsync(settings);
        var (b, bUrl) = await StartAsync(settings);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            // Warm-up until both instances own partitions (the group has settled), so the clock sees no rebalance.
            var warmUp = 0;
            while (Totals(a, b).PositionsOpened < warmUp || a.Services.GetRequiredService<Mt5IngestMetrics>().Snapshot().PositionsOpened == 0 || b.Services.GetRequiredService<Mt5IngestMetrics>().Snapshot().PositionsOpened == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var body = Event(1_000_000 + warmUp++);
                await Task.WhenAll(PostAsync(http, aUrl, body), PostAsync(http, bUrl, body));
                await Task.Delay(50, cancellationToken);
            }

            await Eventually.UntilAsync(() => Totals(a, b).PositionsOpened == warmUp && CountOf(context, topics.TelegramMappings) == warmUp, "the warm-up positions are done", TimeSpan.FromMinutes(2));
            var before = Totals(a, b);
            var calls = telegram.Calls.Count;
            context.Log($"warm-up: {warmUp} positions until both instances owned partitions");

            var started = Stopwatch.GetTimestamp();
            using var gate = new SemaphoreSlim(32);
            await Task.WhenAll(Enumerable.Range(0, positions).Select(async i =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    var body = Event(i);
                    await Task.WhenAll(PostAsync(http, aUrl, body), PostAsync(http, bUrl, body), PostAsync(http, aUrl, body));
                }
                finally
                {
                    gate.Release();
                }
            }));
            var posted = Stopwatch.GetElapsedTime(started).TotalSeconds;
            // Done = every telegram mapping (the last write of a position) acknowledged on its topic.
            await Eventually.UntilAsync(() => CountOf(context, topics.TelegramMappings) >= warmUp + positions, "every position has its telegram mapping", TimeSpan.FromMinutes(10));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await Eventually.UntilAsync(() => (Totals(a, b) - before).Duplicates >= 2 * positions, "every duplicate was seen", TimeSpan.FromMinutes(2));
            var totals = Totals(a, b) - before;
            var telegramCalls = telegram.Calls.Count - calls;
            var mappingRecords = TopicReader.ReadAll(context.Kafka.BootstrapServers, topics.Mt5SignalMappings, TimeSpan.FromSeconds(30)).Count;
            var signalRecords = TopicReader.ReadAll(context.Kafka.BootstrapServers, topics.Signals, TimeSpan.FromSeconds(30)).Count;
            var telegramRecords = TopicReader.ReadAll(context.Kafka.BootstrapServers, topics.TelegramMappings, TimeSpan.FromSeconds(30)).Count;
            var kafkaOnTopics = mappingRecords + signalRecords + telegramRecords - 4 * warmUp;
            context.Log($"on the topics: {mappingRecords} mapping, {signalRecords} signal, {telegramRecords} telegram-mapping records");
            context.Log($"{positions} positions x3 events in {elapsed:0.00} s (posting took {posted:0.00} s); {totals}");
            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["positions"] = positions,
                ["events_posted"] = 3 * positions,
                ["positions_per_second"] = positions / elapsed,
                ["events_per_second"] = 3 * positions / elapsed,
                ["signals_created"] = totals.PositionsOpened,
                ["telegram_messages"] = telegram.Messages.Count - warmUp,
                ["kafka_records_per_position_on_topics"] = (double)kafkaOnTopics / positions,
                ["kafka_records_per_position_counted"] = (double)totals.ProcessorKafkaRecords / positions,
                ["state_changelog_records_per_position"] = (double)totals.StateRecords / positions,
                ["event_records_per_position_from_webhook"] = (double)totals.EventRecords / positions,
                ["redis_ops_per_position"] = (double)totals.RedisOperations / positions,
                ["telegram_calls_per_position"] = (double)telegramCalls / positions,
                ["duplicates"] = totals.Duplicates,
                ["writes_per_duplicate"] = (kafkaOnTopics + totals.RedisOperations + telegramCalls - 7.0 * totals.PositionsOpened) / Math.Max(1, totals.Duplicates),
            };
        }
        finally
        {
            await a.StopAsync(CancellationToken.None);
            await b.StopAsync(CancellationToken.None);
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    private static WriteTotals Totals(WebApplication a, WebApplication b) =>
        a.Services.GetRequiredService<Mt5IngestMetrics>().Snapshot() + b.Services.GetRequiredService<Mt5IngestMetrics>().Snapshot();

    private static int CountOf(BenchmarkContext context, string topic) => TopicReader.ReadAll(context.Kafka.BootstrapServers, topic, TimeSpan.FromSeconds(30)).Count;

    /// <summary>An UPDATED event of position 300,000,000 + <paramref name="i"/> (a new position the first time it is seen).</summary>
    internal static byte[] Event(int i) => ContractJson.Serialize(
        new PositionEvent
        {
            EventId = "evt-" + i.ToString(CultureInfo.InvariantCulture),
            AccountId = "acc-" + (i % 10).ToString(CultureInfo.InvariantCulture),
            PositionId = (300_000_000 + i).ToString(CultureInfo.InvariantCulture),
            EventType = PositionEventType.Updated,
            Symbol = "BTCUSDr",
            Type = i % 2 == 0 ? Mt5PositionType.Buy : Mt5PositionType.Sell,
            Volume = 0.1m,
            OpenPrice = 68000m,
            Profit = -1.5m,
            Time = DateTimeOffset.UtcNow,
        },
        ContractsJsonContext.Default.PositionEvent);

    internal static async Task PostAsync(HttpClient http, string baseUrl, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/api/mt5/events") { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Create(Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
        using var response = await http.SendAsync(request);
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"The webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>mt5-ingest's settings for a benchmark: Telegram pacing lifted, the dev-cluster profile of <see cref="TestStreams"/>.</summary>
    internal static Dictionary<string, string?> Settings(BenchmarkContext context, RedisServerFixture redis, FakeTelegramServer telegram, TopicNames topics) => new Dictionary<string, string?>
    {
        ["Kafka:BootstrapServers"] = context.Kafka.BootstrapServers,
        ["Kafka:TopicPrefix"] = topics.Prefix,
        ["Kafka:Provisioning"] = "Off",
        ["Redis:Configuration"] = redis.Configuration,
        ["Telegram:BaseUrl"] = telegram.BaseUrl,
        ["Telegram:BotToken"] = telegram.BotToken,
        ["Telegram:ChatId"] = telegram.ChatId,
        ["Telegram:PerChatMessagesPerSecond"] = "100000",
        ["Telegram:GroupChatMessagesPerMinute"] = "6000000",
        ["Telegram:GlobalMessagesPerSecond"] = "100000",
        ["Mt5:WebhookSecret"] = Secret,
        // The application id stays mt5-ingest: Kafka:TopicPrefix already makes the group and internal topics this run's.
        ["Mt5:SymbolMap:BTCUSDr"] = "BTCUSDT",
        ["Logging:LogLevel:Default"] = "Warning",
    }.With(stateDir: null);

    /// <summary>One mt5-ingest instance on a free port, with a RocksDB state directory of its own.</summary>
    internal static async Task<(WebApplication App, string BaseUrl)> StartAsync(Dictionary<string, string?> settings)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        // Each instance its own RocksDB state directory.
        builder.Configuration.AddInMemoryCollection([new("Streams:StateDir", Directory.CreateTempSubdirectory("mt5-bench-state-").FullName)]);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddServiceDefaults();
        builder.Logging.ClearProviders();
        builder.AddMt5Ingest();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapMt5Ingest();
        await app.StartAsync();
        return (app, $"http://127.0.0.1:{port}");
    }
}
