using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SignalStreams.SignalApi.OpenApi;

/// <summary>
/// The document-wide parts of signal-api's OpenAPI description: title, the bearer scheme, and the endpoints mapped
/// outside route handlers (<c>/health/live</c>, <c>/health/ready</c> are health-check pipelines that ApiExplorer does
/// not see; <c>/metrics</c> is described with its Prometheus text answer).
/// </summary>
internal sealed class SignalApiDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "signal-api",
            Version = "v1",
            Description = "The HTTP front door of signal-streams: publish and cancel trading signals, onboard users, query executions and stats, "
                + "and take TradingView alerts. Errors are application/problem+json (RFC 7807) with a detail sentence; a 400 lists every problem by field in errors. "
                + "Every /api endpoint except the TradingView webhook needs Authorization: Bearer {token}: missing or unknown token 401, wrong role 403; "
                + "each token is rate-limited (429 with Retry-After). The TradingView webhook cannot carry headers: its secret is the alert message's secret field.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerRoleRequirements.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A token from Auth:Tokens:{n}:Token with its role (admin | source | reader); admin implies source and reader. The roles an operation needs are listed in its requirement.",
        };
        ServiceEndpointPaths.Add(document);

        // Tags no operation uses any more (e.g. the app name on the replaced /metrics operation) would show as empty sections.
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in document.Tags?.Where(t => !used.Contains(t.Name ?? "")).ToList() ?? [])
        {
            document.Tags!.Remove(unused);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Health and metrics, as every signal-streams HTTP service serves them (CONTRACT.md §1).</summary>
internal static class ServiceEndpointPaths
{
    public static void Add(OpenApiDocument document)
    {
        document.Paths ??= [];
        document.Paths["/health/live"] = Get("Liveness", "200 while the process runs.", "LiveHealth", "application/json", ok: true);
        document.Paths["/health/ready"] = Get("Readiness", "200 when Kafka (and Redis where used) are reachable and the views are rebuilt; 503 otherwise, listing each check's status.", "ReadyHealth", "application/json", ok: false);
        document.Paths["/metrics"] = Get("Prometheus metrics", "Counters and histograms in the Prometheus text format (never secrets).", "Metrics", "text/plain", ok: true);
    }

    private static OpenApiPathItem Get(string summary, string description, string operationId, string contentType, bool ok)
    {
        var responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse { Description = "OK", Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = Schema(contentType) } } },
        };
        if (!ok)
        {
            responses["503"] = new OpenApiResponse { Description = "Not ready", Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = Schema(contentType) } } };
        }

        var operation = new OpenApiOperation
        {
            Summary = summary,
            Description = description,
            OperationId = operationId,
            Tags = new HashSet<OpenApiTagReference> { new("Service") },
            Security = [],
            Responses = responses,
        };
        return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
    }

    private static OpenApiSchema Schema(string contentType) => contentType == "text/plain"
        ? new OpenApiSchema { Type = JsonSchemaType.String }
        : new OpenApiSchema { Type = JsonSchemaType.Object, Examples = [JsonNode.Parse("""{"status":"Healthy","checks":{}}""")!] };
}
