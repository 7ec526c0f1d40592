using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SignalStreams.Testing;

namespace SignalStreams.Hosting.Tests;

public sealed class ServiceDefaultsTests
{
    [Fact]
    public async Task Metrics_recorded_before_the_first_scrape_are_served_on_the_metrics_endpoint()
    {
        var meterName = "SignalStreams.Tests.Host" + Guid.NewGuid().ToString("N");
        await using var app = await StartAsync(_ => { });
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>(meterName + ".signals.received", description: "Signals received.");
        counter.Add(5, new KeyValuePair<string, object?>("source", "strategy-alpha"));

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var scrape = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal(5, scrape.Sum($"{meterName.Replace('.', '_')}_signals_received_total", ("source", "strategy-alpha")));
    }

    [Fact]
    public async Task Readiness_answers_503_while_a_ready_check_fails_and_liveness_stays_200()
    {
        var healthy = false;
        await using var app = await StartAsync(services => services.AddHealthChecks()
            .AddCheck("kafka", () => healthy ? HealthCheckResult.Healthy("connected") : HealthCheckResult.Unhealthy("brokers unreachable"), [ServiceDefaultsExtensions.ReadyTag]));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var notReady = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
        healthy = true;
        var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("brokers unreachable", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Readiness_and_each_check_are_served_as_gauges_that_follow_the_checks()
    {
        var kafkaUp = false;
        await using var app = await StartAsync(services => services.AddHealthChecks()
            .AddCheck("kafka", () => kafkaUp ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("brokers unreachable"), [ServiceDefaultsExtensions.ReadyTag])
            .AddCheck("redis", () => HealthCheckResult.Degraded("Redis is unreachable"), [ServiceDefaultsExtensions.ReadyTag]));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        async Task<PrometheusText> ScrapeAsync() => PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        await Eventually.UntilAsync(async () => (await ScrapeAsync()).Family("signal_streams_ready") is not null, "the first health report is published", TimeSpan.FromSeconds(30));
        var down = await ScrapeAsync();
        kafkaUp = true;
        await Eventually.UntilAsync(async () => (await ScrapeAsync()).Sum("signal_streams_ready") == 1, "readiness follows the kafka check", TimeSpan.FromSeconds(30));
        var up = await ScrapeAsync();

        Assert.Equal(0, down.Sum("signal_streams_ready"));
        Assert.Equal(0, down.Sum("signal_streams_health_status", ("check", "kafka")));
        Assert.Equal(1, down.Sum("signal_streams_health_status", ("check", "redis")));
        Assert.Equal(2, up.Sum("signal_streams_health_status", ("check", "kafka")));
        Assert.Equal(1, up.Sum("signal_streams_health_status", ("check", "redis")));
        Assert.Equal("gauge", up.Family("signal_streams_ready")!.Type);
    }

    internal static async Task<WebApplication> StartAsync(Action<IServiceCollection> configure, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture));
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddServiceDefaults();
        configure(builder.Services);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }
}
