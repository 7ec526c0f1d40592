using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

/// <summary>mt5-ingest's OpenAPI document passes the independent validator, matches the mapped routes and its page renders.</summary>
[Collection("kafka")]
public sealed class OpenApiReferenceTests(KafkaClusterFixture kafka, RedisServerFixture redis) : IAsyncLifetime
{
    private readonly TopicNames _topics = kafka.NewTopics();
    private FakeTelegramServer _telegram = null!;
    private IngestInstance _ingest = null!;

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegramServer.StartAsync();
        var settings = IngestInstance.Settings(kafka, redis, _telegram, _topics.Prefix, kafka.NewName("mt5"));
        settings["OpenApi:Enabled"] = "true";
        _ingest = await IngestInstance.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _ingest.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task The_document_is_valid_OpenAPI_describes_exactly_the_mapped_routes_and_the_signature_scheme()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_ingest.BaseUrl) };
        var document = await http.GetStringAsync("/openapi/v1.json");

        var validation = await OpenApiChecks.ValidateAsync(document, "mt5-ingest");

        Assert.True(validation.ExitCode == 0, validation.ToString());
        Assert.Equal(OpenApiChecks.MappedOperations(_ingest.Services, "/openapi/", "/reference"), OpenApiChecks.DocumentedOperations(document));
        using var json = JsonDocument.Parse(document);
        var scheme = json.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("mt5Signature");
        Assert.Equal(("apiKey", "header", "X-Signature"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        var webhook = json.RootElement.GetProperty("paths").GetProperty("/api/mt5/events").GetProperty("post");
        Assert.True(webhook.GetProperty("security")[0].TryGetProperty("mt5Signature", out _));
        Assert.Equal(2, webhook.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("oneOf").GetArrayLength());
    }

    [Fact]
    public async Task The_reference_page_renders_in_headless_Chromium_and_shows_the_webhook()
    {
        var page = new Uri(new Uri(_ingest.BaseUrl), "/reference/");

        var dom = await HeadlessChromium.DumpDomAsync(page, TimeSpan.FromSeconds(20));
        var screenshot = Path.Combine(RepositoryPaths.Artifacts("browser"), "mt5-ingest-reference.png");
        File.Delete(screenshot);
        await HeadlessChromium.ScreenshotAsync(page, screenshot, TimeSpan.FromSeconds(20));

        Assert.Contains("Post MT5 position events", dom, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot holds a rendered page");
    }
}
