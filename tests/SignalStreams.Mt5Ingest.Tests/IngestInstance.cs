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

    private IngestInstance(WebApplication app, string baseUrl)
    {
        _app = app;
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
        ["Mt5:ApplicationId"] = group,
        ["Mt5:RedisKeyPrefix"] = group + ":",
        ["Mt5:EditIntervalSeconds"] = "0",
        ["Mt5:Consumer:session.timeout.ms"] = "6000",
        ["Mt5:Consumer:heartbeat.interval.ms"] = "1000",
        ["Mt5:SymbolMap:BTCUSDr"] = "BTCUSDT",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static async Task<IngestInstance> StartAsync(IDictionary<string, string?> settings)
    {
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
        return new IngestInstance(app, $"http://127.0.0.1:{port}");
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
    }

    public static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
