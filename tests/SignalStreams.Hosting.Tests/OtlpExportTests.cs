using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SignalStreams.Testing;

namespace SignalStreams.Hosting.Tests;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_an_OTLP_endpoint_configured_spans_and_metrics_reach_the_collector_and_metrics_stay_on_the_endpoint()
    {
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        await using var collector = await StartCollectorAsync(received);
        await using var app = await ServiceDefaultsTests.StartAsync(_ => { }, ("Otel:Endpoint", collector.Urls.Single()), ("Otel:ServiceName", "signal-executor"));
        using var source = new ActivitySource("SignalStreams.Tests.Otlp");
        using var meter = app.Services.GetRequiredService<IMeterFactory>().Create("SignalStreams.Tests.Otlp");
        meter.CreateCounter<long>("signal_streams.tests.otlp_exported").Add(3);

        var traceId = new byte[16];
        using (var activity = source.StartActivity("process execution-commands"))
        {
            Assert.NotNull(activity);
            activity.TraceId.CopyTo(traceId);
        }

        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        // False whatever the OTLP reader did: the Prometheus reader beside it only collects when scraped.
        app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        await Eventually.UntilAsync(
            () => received.Any(r => r.Path == "/v1/traces" && r.Body.AsSpan().IndexOf(traceId) >= 0)
                && received.Any(r => r.Path == "/v1/metrics" && r.Body.AsSpan().IndexOf("signal_streams.tests.otlp_exported"u8) >= 0),
            "the collector has received the span's trace id on /v1/traces and the counter on /v1/metrics",
            TimeSpan.FromSeconds(30));
        Assert.Contains(received, r => r.Path == "/v1/traces" && r.Body.AsSpan().IndexOf("signal-executor"u8) >= 0);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var scrape = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        Assert.Equal(3, scrape.Sum("signal_streams_tests_otlp_exported_total"));
    }

    [Fact]
    public async Task Without_an_endpoint_no_trace_exporter_runs_and_metrics_are_still_served()
    {
        await using var app = await ServiceDefaultsTests.StartAsync(_ => { });
        using var meter = app.Services.GetRequiredService<IMeterFactory>().Create("SignalStreams.Tests.NoOtlp");
        meter.CreateCounter<long>("signal_streams.tests.scraped_only").Add(1);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var scrape = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Equal(1, scrape.Sum("signal_streams_tests_scraped_only_total"));
    }

    [Fact]
    public async Task A_relative_endpoint_stops_the_start_with_a_sentence_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServiceDefaultsTests.StartAsync(_ => { }, ("Otel:Endpoint", "collector:4318")));

        Assert.Contains("Otel:Endpoint must be an absolute URL", string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

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
}
