using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SignalStreams.Hosting;

public static class ServiceDefaultsExtensions
{
    /// <summary>Health checks tagged with this run on <c>/health/ready</c>; <c>/health/live</c> runs none.</summary>
    public const string ReadyTag = "ready";

    /// <summary>JSON-line logs, health checks, metrics collection for <c>/metrics</c>.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            options.IncludeScopes = true;
            options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        builder.Services.AddMetrics();
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton<PrometheusExporter>();
        return builder;
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
        app.MapGet("/metrics", (PrometheusExporter exporter) =>
            Results.Text(exporter.Export(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }
}
