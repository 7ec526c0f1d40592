using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SignalStreams.Testing;

namespace SignalStreams.Hosting.Tests;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_an_OTLP_endpoint_configured_finished_spans_reach_the_collector()
    {
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        await using var collector = await StartCollectorAsync(received);
        using var export = new TelemetryExport(Configuration(("Otel:Endpoint", collector.Urls.Single()), ("Otel:ServiceName", "signal-executor")), new Environment());
        using var source = new ActivitySource("SignalStreams.Tests.Otlp");

        var traceId = new byte[16];
        using (var activity = source.StartActivity("process execution-commands"))
        {
            Assert.NotNull(activity);
            activity.TraceId.CopyTo(traceId);
        }

        Assert.True(export.Enabled);
        Assert.True(export.Flush(), string.Join(", ", received.Select(r => r.Path)));
        await Eventually.UntilAsync(
            () => received.Any(r => r.Path == "/v1/traces" && r.Body.AsSpan().IndexOf(traceId) >= 0),
            "the collector has received the span's trace id on /v1/traces",
            TimeSpan.FromSeconds(30));
        Assert.Contains(received, r => r.Path == "/v1/traces" && r.Body.AsSpan().IndexOf("signal-executor"u8) >= 0);
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_exported()
    {
        using var export = new TelemetryExport(Configuration(), new Environment());

        Assert.False(export.Enabled);
        Assert.True(export.Flush());
    }

    [Fact]
    public void A_relative_endpoint_is_refused_with_a_sentence_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TelemetryExport(Configuration(("Otel:Endpoint", "collector:4318")), new Environment()));

        Assert.Contains("Otel:Endpoint", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<(string, byte[])> received)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture));
        var app = builder.Build();
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path.Value!, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        return app;
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "SignalStreams.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
