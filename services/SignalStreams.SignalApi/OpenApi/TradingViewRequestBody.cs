using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SignalStreams.SignalApi.Webhooks;

namespace SignalStreams.SignalApi.OpenApi;

/// <summary>
/// Describes the TradingView webhook's body. It is not declared with <c>Accepts</c>, because routing would then answer
/// other content types 415 with an empty body, while the endpoint reads any body and explains what is wrong with it.
/// </summary>
internal sealed class TradingViewRequestBody : IOpenApiOperationTransformer
{
    public const string OperationId = "PostTradingViewAlert";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId != OperationId)
        {
            return;
        }

        var name = nameof(TradingViewAlertMessage);
        var schema = await context.GetOrCreateSchemaAsync(typeof(TradingViewAlertMessage), cancellationToken: cancellationToken);
        schema.Description = "The alert's message (the template in README, \"Signal sources\"). secret, id, ticker, side and price are required for action open.";
        schema.Required = new HashSet<string>(StringComparer.Ordinal) { "secret", "id" };
        context.Document!.AddComponent(name, schema);
        var reference = new OpenApiSchemaReference(name, context.Document);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "TradingView sends the message as application/json when it is valid JSON, else as text/plain (answered 400).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = reference },
                ["text/plain"] = new() { Schema = reference },
            },
        };
    }
}
