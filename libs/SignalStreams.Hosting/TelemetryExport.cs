using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SignalStreams.Hosting;

/// <summary>
/// Optional OTLP export of traces and metrics, on when <c>Otel:Endpoint</c> is set (e.g.
/// <c>http://otel-collector:4318</c>). OpenTelemetry.Extensions.Hosting is not available here, so the providers are
/// built with <see cref="Sdk"/> and disposed (flushed) with the host's service provider.
/// </summary>
public sealed class TelemetryExport : IDisposable
{
    /// <summary>Base URL of the OTLP receiver; empty = no export.</summary>
    public const string EndpointKey = "Otel:Endpoint";

    /// <summary><c>http/protobuf</c> (default, port 4318) or <c>grpc</c> (port 4317).</summary>
    public const string ProtocolKey = "Otel:Protocol";

    /// <summary>service.name of the exported resource; default = the application name.</summary>
    public const string ServiceNameKey = "Otel:ServiceName";

    /// <summary>Extra request headers for the receiver (<c>key=value,key2=value2</c>), e.g. an API key; never logged.</summary>
    public const string HeadersKey = "Otel:Headers";

    private readonly TracerProvider? _tracerProvider;
    private readonly MeterProvider? _meterProvider;

    public TelemetryExport(IConfiguration configuration, IHostEnvironment environment)
    {
        var endpoint = configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return;
        }

        var trimmed = endpoint.Trim().TrimEnd('/');
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{EndpointKey} must be an absolute URL such as http://otel-collector:4318.");
        }

        var grpc = string.Equals(configuration[ProtocolKey], "grpc", StringComparison.OrdinalIgnoreCase);
        var headers = configuration[HeadersKey];
        var resource = ResourceBuilder.CreateDefault().AddService(configuration[ServiceNameKey] is { Length: > 0 } name ? name : environment.ApplicationName);

        // With http/protobuf an endpoint set in code is used as it is, so the signal's path is added here.
        void Configure(OtlpExporterOptions options, string signalPath)
        {
            options.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            options.Endpoint = grpc ? baseUri : new Uri(trimmed + signalPath);
            if (!string.IsNullOrEmpty(headers))
            {
                options.Headers = headers;
            }
        }

        _tracerProvider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource("SignalStreams*", "Microsoft.AspNetCore")
            .AddOtlpExporter(options => Configure(options, "/v1/traces"))
            .Build();
        _meterProvider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter("SignalStreams*")
            .AddOtlpExporter(options => Configure(options, "/v1/metrics"))
            .Build();
    }

    /// <summary>True when <c>Otel:Endpoint</c> is set and traces and metrics are exported.</summary>
    public bool Enabled => _tracerProvider is not null;

    /// <summary>Sends every finished span and the current metrics now (used at shutdown and by tests).</summary>
    public bool Flush(int timeoutMilliseconds = 5000) =>
        (_tracerProvider?.ForceFlush(timeoutMilliseconds) ?? true) & (_meterProvider?.ForceFlush(timeoutMilliseconds) ?? true);

    public void Dispose()
    {
        _tracerProvider?.Dispose();
        _meterProvider?.Dispose();
    }
}
