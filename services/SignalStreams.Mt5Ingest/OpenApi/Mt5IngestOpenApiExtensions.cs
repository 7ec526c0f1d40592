using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using SignalStreams.Contracts;

namespace SignalStreams.Mt5Ingest.OpenApi;

/// <summary>
/// mt5-ingest's OpenAPI 3.1 document at <c>/openapi/v1.json</c> and its interactive reference (Scalar, served by the
/// app itself) at <c>/reference</c>, when <c>OpenApi:Enabled</c> (unset: on in Development, off elsewhere).
/// </summary>
internal static class Mt5IngestOpenApiExtensions
{
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ReferencePath = "/reference";

    public static IServiceCollection AddMt5IngestOpenApi(this IServiceCollection services)
    {
        // Schemas from the contract's source-generated metadata, numbers as JSON numbers as the contract says.
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        return services.AddOpenApi("v1", options => options.AddDocumentTransformer<Mt5IngestDocument>());
    }

    public static WebApplication MapMt5IngestReference(this WebApplication app)
    {
        if (!(app.Configuration.GetValue<bool?>("OpenApi:Enabled") ?? app.Environment.IsDevelopment()))
        {
            return app;
        }

        app.MapOpenApi(DocumentPath);
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("mt5-ingest reference")
            .WithOpenApiRoutePattern(DocumentPath)
            .ExpandAllTags()
            .DisableAgent()
            .HideDeveloperTools()
            .DisableDefaultFonts());
        return app;
    }
}
