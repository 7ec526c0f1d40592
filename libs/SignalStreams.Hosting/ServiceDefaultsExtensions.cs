using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace SignalStreams.Hosting;

public static class ServiceDefaultsExtensions
{
    /// <summary>Health checks tagged with this run on <c>/health/ready</c>; <c>/health/live</c> runs none.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Meters and activity sources whose name starts with this are collected (<c>SignalStreams.Executor</c>, ...).</summary>
    public const string InstrumentationPrefix = "SignalStreams";

    /// <summary>
    /// JSON-line logs (one object per line; the template's named values in <c>State</c>; TraceId/SpanId of the
    /// current activity in <c>Scopes</c>), health checks (also published as gauges), OpenTelemetry metrics of the
    /// <c>SignalStreams*</c> meters for <c>/metrics</c>, activities for the <c>SignalStreams*</c> sources (trace
    /// context through Kafka headers), optional OTLP export (<c>Otel:Endpoint</c>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddJsonConsole(ConfigureJsonLines);
        builder.Services.AddMetrics();
        builder.Services.AddHealthChecks();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheckPublisher, HealthMetrics>());
        // The gauges should follow readiness within seconds, not the publisher's default 30 s.
        builder.Services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.FromSeconds(1);
            options.Period = TimeSpan.FromSeconds(5);
        });
        builder.Services.TryAddSingleton<TraceContextListener>();
        builder.Services.AddHostedService<TraceContextStartup>();
        builder.Services.AddOptions<OtlpExportOptions>().BindConfiguration(OtlpExportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        var serviceName = builder.Configuration["Otel:ServiceName"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            // Each scrape collects afresh: a cached answer would hide a count a test or an operator just caused.
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(InstrumentationPrefix + "*")
                    .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, meters) => meters.AddView(OwnInstrumentsOnly(services.GetRequiredService<IMeterFactory>())));
            });
        OtlpExport.AddIfConfigured(otel, builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Keeps the instruments of this host's meter factory (and of meters made without one), and drops those of
    /// another host in the same process (tests, benchmarks): meters of one name from two factories would otherwise
    /// share one metric stream, which disappears when the other host stops.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OwnInstrumentsOnly(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop;

    /// <summary>The JSON console format every service logs with.</summary>
    public static void ConfigureJsonLines(JsonConsoleFormatterOptions options)
    {
        options.UseUtcTimestamp = true;
        options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        options.IncludeScopes = true;
        options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
    }

    /// <summary><c>GET /health/live</c>, <c>GET /health/ready</c> and <c>GET /metrics</c> (Prometheus text format).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = 200,
                [HealthStatus.Degraded] = 200,
                [HealthStatus.Unhealthy] = 503,
            },
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
