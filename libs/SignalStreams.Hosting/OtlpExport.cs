using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace SignalStreams.Hosting;

/// <summary>Adds OTLP exporters for traces and metrics beside the Prometheus endpoint when <c>Otel:Endpoint</c> is set.</summary>
internal static class OtlpExport
{
    public static void AddIfConfigured(OpenTelemetryBuilder otel, IConfiguration configuration)
    {
        var options = configuration.GetSection(OtlpExportOptions.SectionName).Get<OtlpExportOptions>() ?? new OtlpExportOptions();
        if (options.BaseUri is not { } baseUri)
        {
            // Off, or invalid: the options validation then stops the start with a sentence naming the key.
            return;
        }

        // With http/protobuf an endpoint set in code is used as it is, so the signal's path is added here.
        void Configure(OtlpExporterOptions exporter, string signalPath)
        {
            exporter.Protocol = options.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = options.Grpc ? baseUri : new Uri(baseUri.AbsoluteUri.TrimEnd('/') + signalPath);
            if (!string.IsNullOrEmpty(options.Headers))
            {
                exporter.Headers = options.Headers;
            }
        }

        otel.WithTracing(tracing => tracing
                .AddSource(ServiceDefaultsExtensions.InstrumentationPrefix + "*", "Microsoft.AspNetCore")
                .AddOtlpExporter(exporter => Configure(exporter, "/v1/traces")))
            .WithMetrics(metrics => metrics.AddOtlpExporter(exporter => Configure(exporter, "/v1/metrics")));
    }
}
