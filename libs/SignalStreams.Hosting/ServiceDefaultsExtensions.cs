using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace SignalStreams.Hosting;

public static class ServiceDefaultsExtensions
{
    /// <summary>Health checks tagged with this run on <c>/health/ready</c>; <c>/health/live</c> runs none.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// JSON-line logs (one object per line; the template's named values in <c>State</c>; TraceId/SpanId of the
    /// current activity in <c>Scopes</c>), health checks, metrics collection for <c>/metrics</c>, activities for
    /// the <c>SignalStreams*</c> sources (trace context through Kafka headers), optional OTLP export
    /// (<c>Otel:Endpoint</c>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddJsonConsole(ConfigureJsonLines);
        builder.Services.AddMetrics();
        builder.Services.AddHealthChecks();
        builder.Services.TryAddSingleton<PrometheusExporter>();
        builder.Services.TryAddSingleton<TraceContextListener>();
        builder.Services.TryAddSingleton<TelemetryExport>();
        builder.Services.AddHostedService<ObservabilityStartup>();
        return builder;
    }

    /// <summary>The JSON console format every service logs with.</summary>
    public static void ConfigureJsonLines(JsonConsoleFormatterOptions options)
    {
        options.UseUtcTimestamp = true;
        options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        options.IncludeScopes = true;
        options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
    }

    /// <summary><c>GET /health/live</c>, <c>GET /health/ready</c> and <c>GET /metrics</c>.</summary>
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
        // Resolved now rather than on the first scrape, so that measurements made before it are counted.
        _ = app.Services.GetRequiredService<PrometheusExporter>();
        app.MapGet("/metrics", (PrometheusExporter exporter) =>
            Results.Text(exporter.Export(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }
}
