using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SignalStreams.Contracts;

namespace SignalStreams.Mt5Ingest.OpenApi;

/// <summary>
/// mt5-ingest's OpenAPI description: the signed webhook (the <c>X-Signature</c> scheme, a body of one PositionEvent or
/// an array of them) and the health and metrics endpoints every service serves (health checks are pipelines that
/// ApiExplorer does not see).
/// </summary>
internal sealed class Mt5IngestDocument : IOpenApiDocumentTransformer
{
    public const string SignatureScheme = "mt5Signature";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "mt5-ingest",
            Version = "v1",
            Description = "Receives MetaTrader 5 position events over a signed webhook and turns each new position into exactly one signal and one Telegram channel message. "
                + "Errors are application/problem+json (RFC 7807) with a detail sentence.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SignatureScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = WebhookSignature.HeaderName,
            Description = "t={unix seconds},v1={hex HMAC-SHA256 of \"{t}.{raw body}\" under Mt5:WebhookSecret}; refused (401) when wrong, missing or more than 300 s away from now.",
        };

        var eventSchema = await context.GetOrCreateSchemaAsync(typeof(PositionEvent), cancellationToken: cancellationToken);
        document.AddComponent(nameof(PositionEvent), eventSchema);
        var one = new OpenApiSchemaReference(nameof(PositionEvent), document);
        var webhook = document.Paths[Mt5EventsEndpoint.Path].Operations![HttpMethod.Post];
        webhook.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SignatureScheme, document)] = [] }];
        webhook.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "One PositionEvent or a non-empty array of them. The signature covers the raw bytes, so sign exactly what is sent.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchema { OneOf = [one, new OpenApiSchema { Type = JsonSchemaType.Array, MinItems = 1, Items = one }] } },
            },
        };

        document.Paths["/health/live"] = Get("Liveness", "200 while the process runs.", "LiveHealth", "application/json", ready: false);
        document.Paths["/health/ready"] = Get("Readiness", "200 when Kafka is reachable and the stores are restored (Redis down is Degraded, still 200); 503 otherwise.", "ReadyHealth", "application/json", ready: true);
        document.Paths["/metrics"] = Get("Prometheus metrics", "Counters and histograms in the Prometheus text format (never the bot token or the webhook secret).", "Metrics", "text/plain", ready: false);

        // Tags no operation uses any more (e.g. the app name on the replaced /metrics operation) would show as empty sections.
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in document.Tags?.Where(t => !used.Contains(t.Name ?? "")).ToList() ?? [])
        {
            document.Tags!.Remove(unused);
        }
    }

    private static OpenApiPathItem Get(string summary, string description, string operationId, string contentType, bool ready)
    {
        var schema = contentType == "text/plain"
            ? new OpenApiSchema { Type = JsonSchemaType.String }
            : new OpenApiSchema { Type = JsonSchemaType.Object, Examples = [JsonNode.Parse("""{"status":"Healthy","checks":{}}""")!] };
        var responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "OK", Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = schema } } } };
        if (ready)
        {
            responses["503"] = new OpenApiResponse { Description = "Not ready", Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = schema } } };
        }

        var operation = new OpenApiOperation { Summary = summary, Description = description, OperationId = operationId, Tags = new HashSet<OpenApiTagReference> { new("Service") }, Security = [], Responses = responses };
        return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
    }
}
