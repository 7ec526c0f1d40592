using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SignalStreams.SignalApi.Auth;

namespace SignalStreams.SignalApi.OpenApi;

/// <summary>
/// Puts each operation's bearer role into the document (OpenAPI 3.1 lets a non-OAuth requirement list role names),
/// from the same authorization metadata the endpoints enforce, so the document cannot drift from the code. An
/// anonymous endpoint (the TradingView webhook) gets an explicitly empty requirement.
/// </summary>
internal sealed class BearerRoleRequirements : IOpenApiOperationTransformer
{
    public const string SchemeName = "bearer";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
            return Task.CompletedTask;
        }

        var roles = metadata.OfType<IAuthorizeData>()
            .Select(a => a.Policy)
            .Select(policy => policy switch
            {
                ApiRoles.Policies.Admin => ApiRoles.Admin,
                ApiRoles.Policies.Source => ApiRoles.Source,
                ApiRoles.Policies.Reader => ApiRoles.Reader,
                _ => null,
            })
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (roles.Count > 0)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = roles }];
            var implied = roles.Contains(ApiRoles.Admin, StringComparer.Ordinal) ? "admin" : $"{string.Join(", ", roles)} or admin";
            operation.Description = $"{operation.Description}\n\nNeeds a bearer token with role {implied}.".Trim();
        }

        return Task.CompletedTask;
    }
}
