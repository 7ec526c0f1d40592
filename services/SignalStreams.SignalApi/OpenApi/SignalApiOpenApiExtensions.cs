using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using SignalStreams.Contracts;
using SignalStreams.SignalApi.Webhooks;

namespace SignalStreams.SignalApi.OpenApi;

/// <summary>
/// signal-api's OpenAPI 3.1 document (Microsoft.AspNetCore.OpenApi) at <c>/openapi/v1.json</c> and the interactive
/// reference (Scalar, its script served by the app itself so the page works without internet) at <c>/reference</c>.
/// </summary>
internal static class SignalApiOpenApiExtensions
{
    public static IServiceCollection AddSignalApiOpenApi(this IServiceCollection services)
    {
        // Schemas come from the same source-generated contracts the endpoints read and write.
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(1, ApiJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(2, TradingViewJsonContext.Default);

            // As the contract: numbers are JSON numbers (the TradingView message opts in to quoted numbers itself).
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer<SignalApiDocument>();
            options.AddOperationTransformer<BearerRoleRequirements>();
            options.AddOperationTransformer<TradingViewRequestBody>();
        });
        return services;
    }

    /// <summary>Maps the document and the page when <c>OpenApi:Enabled</c> (default: Development only).</summary>
    public static WebApplication MapSignalApiReference(this WebApplication app)
    {
        if (!OpenApiPageOptions.IsEnabled(app.Configuration, app.Environment))
        {
            return app;
        }

        app.MapOpenApi(OpenApiPageOptions.DocumentPath);
        app.MapScalarApiReference(OpenApiPageOptions.ReferencePath, options => options
            .WithTitle("signal-api reference")
            .WithOpenApiRoutePattern(OpenApiPageOptions.DocumentPath)
            .ExpandAllTags()
            .DisableAgent()
            .HideDeveloperTools()
            .DisableDefaultFonts());
        return app;
    }
}
