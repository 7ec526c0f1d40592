using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SignalStreams.Hosting.Tests;

public sealed class JsonLogTests
{
    [Fact]
    public void A_log_line_is_one_JSON_object_with_the_template_values_in_State()
    {
        using var host = HostWithCapture(out var capture);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SignalStreams.Executor");

        logger.LogInformation("Executed {SignalId} for {UserId} at {Price}", "sig_12345", "u-1", 68010.5m);

        var line = Assert.Single(capture.Lines, l => l.Contains("sig_12345", StringComparison.Ordinal));
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.TrimEnd('\r', '\n'));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
        Assert.Equal("SignalStreams.Executor", root.GetProperty("Category").GetString());
        Assert.Equal("Executed sig_12345 for u-1 at 68010.5", root.GetProperty("Message").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", root.GetProperty("Timestamp").GetString());
        var state = root.GetProperty("State");
        Assert.Equal("sig_12345", state.GetProperty("SignalId").GetString());
        Assert.Equal("u-1", state.GetProperty("UserId").GetString());
        Assert.Equal("Executed {SignalId} for {UserId} at {Price}", state.GetProperty("{OriginalFormat}").GetString());
    }

    [Fact]
    public async Task A_log_line_written_inside_an_activity_carries_its_trace_id()
    {
        using var host = HostWithCapture(out var capture);
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SignalStreams.Executor");
        using var source = new ActivitySource("SignalStreams.Tests.Logs");

        string traceId;
        using (var activity = source.StartActivity("process execution-commands"))
        {
            Assert.NotNull(activity);
            traceId = activity.TraceId.ToHexString();
            logger.LogInformation("Processing {SignalId}", "sig-traced");
        }

        await host.StopAsync();
        var line = Assert.Single(capture.Lines, l => l.Contains("sig-traced", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        var scopes = json.RootElement.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out var id) && id.GetString() == traceId);
    }

    private static IHost HostWithCapture(out JsonLineCapture capture)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.AddServiceDefaults();
        builder.Services.AddSingleton<JsonLineCapture>();
        builder.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<JsonLineCapture>());
        var host = builder.Build();
        capture = host.Services.GetRequiredService<JsonLineCapture>();
        return host;
    }
}
