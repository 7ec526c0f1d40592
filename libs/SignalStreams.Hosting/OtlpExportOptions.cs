using System.ComponentModel.DataAnnotations;

namespace SignalStreams.Hosting;

/// <summary>
/// Section <c>Otel</c>: optional OTLP export of traces and metrics, on when <c>Otel:Endpoint</c> is set (e.g.
/// <c>http://otel-collector:4318</c>). Prometheus scraping of <c>/metrics</c> works with or without it.
/// </summary>
public sealed class OtlpExportOptions : IValidatableObject
{
    public const string SectionName = "Otel";

    /// <summary>Base URL of the OTLP receiver; empty = no export.</summary>
    public const string EndpointKey = "Otel:Endpoint";

    /// <summary>Base URL of the OTLP receiver; empty = no export.</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>http/protobuf</c> (default, port 4318) or <c>grpc</c> (port 4317).</summary>
    public string? Protocol { get; set; }

    /// <summary>service.name of the exported resource (also on <c>target_info</c>); default = the application name.</summary>
    public string? ServiceName { get; set; }

    /// <summary>Extra request headers for the receiver (<c>key=value,key2=value2</c>), e.g. an API key; never logged.</summary>
    public string? Headers { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);

    public bool Grpc => string.Equals(Protocol, "grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>The endpoint without a trailing slash, or null when it is not an absolute http(s) URL.</summary>
    public Uri? BaseUri =>
        Uri.TryCreate(Endpoint?.Trim().TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && BaseUri is null)
        {
            yield return new ValidationResult($"{EndpointKey} must be an absolute URL such as http://otel-collector:4318.", [nameof(Endpoint)]);
        }
    }
}
