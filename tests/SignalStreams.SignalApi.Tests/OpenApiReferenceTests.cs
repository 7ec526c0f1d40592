using System.Net;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>
/// signal-api's OpenAPI document passes an independent validator (npm @apidevtools/swagger-parser), describes exactly
/// the routes the running app maps, and its reference page renders in headless Chromium without internet.
/// </summary>
[Collection("kafka")]
public sealed class OpenApiReferenceTests(KafkaClusterFixture kafka)
{
    private static readonly string[] DocumentationRoutes = ["/openapi/", "/reference"];

    [Fact]
    public async Task The_document_is_valid_OpenAPI_and_describes_exactly_the_mapped_routes()
    {
        await using var api = await ApiHarness.StartAsync(kafka, new Dictionary<string, string?> { ["OpenApi:Enabled"] = "true" });
        using var http = new HttpClient { BaseAddress = api.Host.BaseUrl };
        var document = await http.GetStringAsync("/openapi/v1.json");

        var validation = await OpenApiChecks.ValidateAsync(document, "signal-api");

        Assert.True(validation.ExitCode == 0, validation.ToString());
        Assert.Contains("\"valid\":true", validation.Output, StringComparison.Ordinal);
        var mapped = OpenApiChecks.MappedOperations(api.Host.Services, DocumentationRoutes);
        var documented = OpenApiChecks.DocumentedOperations(document);
        Assert.Contains("POST /api/webhooks/tradingview/{sourceId}", mapped);
        Assert.Contains("POST /api/signals", mapped);
        Assert.Equal(mapped, documented);
    }

    [Fact]
    public async Task The_document_names_each_operations_role_and_the_webhooks_have_no_bearer()
    {
        await using var api = await ApiHarness.StartAsync(kafka, new Dictionary<string, string?> { ["OpenApi:Enabled"] = "true" });
        using var http = new HttpClient { BaseAddress = api.Host.BaseUrl };
        using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        string[] RolesOf(string path, string method) => paths.GetProperty(path).GetProperty(method).GetProperty("security").EnumerateArray()
            .SelectMany(r => r.EnumerateObject()).SelectMany(s => s.Value.EnumerateArray()).Select(v => v.GetString()!).ToArray();

        Assert.Equal(["source"], RolesOf("/api/signals", "post"));
        Assert.Equal(["reader"], RolesOf("/api/signals/{signalId}/stats", "get"));
        Assert.Equal(["reader"], RolesOf("/api/signals/{signalId}/decisions/{userId}", "get"));
        Assert.Equal(["reader"], RolesOf("/api/signals/{signalId}/stats/decisions", "get"));
        Assert.Equal(["admin"], RolesOf("/api/users/{userId}/credentials", "put"));
        Assert.Equal(0, paths.GetProperty("/api/webhooks/tradingview/{sourceId}").GetProperty("post").GetProperty("security").GetArrayLength());
        var publish = paths.GetProperty("/api/signals").GetProperty("post");
        Assert.Equal("#/components/schemas/SignalDraft", publish.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(publish.GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task The_reference_page_renders_in_headless_Chromium_and_shows_the_signal_publishing_operation()
    {
        await using var api = await ApiHarness.StartAsync(kafka, new Dictionary<string, string?> { ["OpenApi:Enabled"] = "true" });
        var page = new Uri(api.Host.BaseUrl, "/reference/");

        var dom = await HeadlessChromium.DumpDomAsync(page, TimeSpan.FromSeconds(20));
        var screenshot = Path.Combine(RepositoryPaths.Artifacts("browser"), "signal-api-reference.png");
        File.Delete(screenshot);
        await HeadlessChromium.ScreenshotAsync(page, screenshot, TimeSpan.FromSeconds(20));

        // Text that only exists once Scalar's script (served by the app) has rendered the document.
        Assert.Contains("Publish a signal", dom, StringComparison.Ordinal);
        Assert.Contains("/api/signals", dom, StringComparison.Ordinal);
        Assert.Contains("Publish a signal from a TradingView alert", dom, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot holds a rendered page");
    }

    [Fact]
    public async Task Without_OpenApi_Enabled_outside_Development_there_is_no_document_or_page()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        using var http = new HttpClient { BaseAddress = api.Host.BaseUrl };

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/reference/")).StatusCode);
    }
}
