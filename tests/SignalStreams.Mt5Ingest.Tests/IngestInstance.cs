using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalStreams.FakeTelegram;
using SignalStreams.Hosting;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

/// <summary>One mt5-ingest instance (the real app) on Kestrel at a free loopback port.</summary>
internal sealed class IngestInstance : IAsyncDisposable
{
    public const string Secret = "test-webhook-secret";

    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private readonly string? _ownStateDir;

    private IngestInstance(WebApplication app, string baseUrl, string? ownStateDir)
    {
        _app = app;
        _ownStateDir = ownStateDir;
        BaseUrl = baseUrl;
        _http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    public WriteTotals Totals => Services.GetRequiredService<Mt5IngestMetrics>().Snapshot();

    /// <summary>Configuration every test instance shares: test timeouts, no rate limiting worth the name, fast rebalances.</summary>
    public static Dictionary<string, string?> Settings(KafkaClusterFixture kafka, RedisServerFixture redis, FakeTelegramServer telegram, string topicPrefix, string group) => new()
    {
        ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
        ["Kafka:TopicPrefix"] = topicPrefix,
        ["Kafka:Provisioning"] = "Off",
        ["Redis:Configuration"] = redis.Configuration,
        ["Telegram:BaseUrl"] = telegram.BaseUrl,
        ["Telegram:BotToken"] = telegram.BotToken,
        ["Telegram:ChatId"] = telegram.ChatId,
        ["Telegram:RequestTimeoutSeconds"] = "2",
        ["Telegram:ConnectTimeoutSeconds"] = "1",
        ["Telegram:PerChatMessagesPerSecond"] = "100000",
        ["Telegram:GroupChatMessagesPerMinute"] = "6000000",
        ["Telegram:GlobalMessagesPerSecond"] = "100000",
        ["Mt5:WebhookSecret"] = Secret,
        // The application id stays mt5-ingest: the prefix makes the group and the internal topics this test's own.
        ["Mt5:RedisKeyPrefix"] = group + ":",
        ["Mt5:EditIntervalSeconds"] = "0",
        ["Mt5:TimerIntervalMs"] = "200",
        ["Streams:Consumer:session.timeout.ms"] = "6000",
        ["Streams:Consumer:heartbeat.interval.ms"] = "1000",
        ["Streams:Consumer:fetch.wait.max.ms"] = "50",
        ["Streams:CommitIntervalMs"] = "200",
        ["Mt5:SymbolMap:BTCUSDr"] = "BTCUSDT",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>A fresh state directory (RocksDB) for one instance.</summary>
    public static string NewStateDir() => TestStreams.NewStateDir();

    /// <summary>
    /// Starts an instance; without <c>Streams:StateDir</c> in <paramref name="settings"/> it gets a state directory of
    /// its own (deleted on dispose), so that two instances in one process never share RocksDB files.
    /// </summary>
    public static async Task<IngestInstance> StartAsync(IDictionary<string, string?> settings)
    {
        string? ownStateDir = null;
        if (!settings.ContainsKey("Streams:StateDir"))
        {
            ownStateDir = NewStateDir();
            settings = new Dictionary<string, string?>(settings) { ["Streams:StateDir"] = ownStateDir };
        }

        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddServiceDefaults();
        if (Environment.GetEnvironmentVariable("MT5_TEST_LOGS") != "1")
        {
            builder.Logging.ClearProviders();
        }

        builder.AddMt5Ingest();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapMt5Ingest();
        await app.StartAsync();
        var instance = new IngestInstance(app, $"http://127.0.0.1:{port}", ownStateDir);
        await instance.UntilRunningAsync();
        return instance;
    }

    /// <summary>
    /// Waits (at most 30 s, without failing) until the stream is RUNNING, so that a test's first records do not meet
    /// the start-up rebalance between the instance's stream threads.
    /// </summary>
    private async Task UntilRunningAsync()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var report = await (await _http.GetAsync("/health/ready")).Content.ReadAsStringAsync();
            if (report.Contains("is RUNNING", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Posts <paramref name="json"/> signed with the test secret (or as told).</summary>
    public async Task<HttpResponseMessage> PostAsync(string json, string? signature = null, string secret = Secret, DateTimeOffset? signedAt = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/mt5/events") { Content = content };
        signature ??= WebhookSignature.Create(secret, (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(), body);
        if (signature.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, signature);
        }

        return await _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownStateDir is not null)
        {
            try
            {
                Directory.Delete(_ownStateDir, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a temp folder
            }
        }
    }

    public static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
