using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SignalStreams.Testing;

/// <summary>
/// Checks a served OpenAPI document from outside .NET (the npm validator that scripts/setup.sh --for-tests installs)
/// and against the routes the running app really maps.
/// </summary>
public static class OpenApiChecks
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    /// <summary>Runs @apidevtools/swagger-parser on <paramref name="document"/>; exit 0 = valid.</summary>
    public static async Task<CommandResult> ValidateAsync(string document, string name)
    {
        var validator = Path.Combine(RepositoryPaths.Root, "tests", "tools", "openapi-validator");
        if (!Directory.Exists(Path.Combine(validator, "node_modules", "@apidevtools", "swagger-parser")))
        {
            throw new InvalidOperationException($"The OpenAPI validator is not installed in {validator}: run scripts/setup.sh --for-tests (npm ci there).");
        }

        var file = Path.Combine(RepositoryPaths.Artifacts("openapi"), name + ".json");
        await File.WriteAllTextAsync(file, document);
        return await ExternalCommand.RunAsync("node", [Path.Combine(validator, "validate.mjs"), file], TimeSpan.FromSeconds(60));
    }

    /// <summary>Every operation the document describes, as <c>"POST /api/signals"</c>.</summary>
    public static SortedSet<string> DocumentedOperations(string document)
    {
        using var json = JsonDocument.Parse(document);
        var operations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in json.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name, StringComparer.Ordinal)))
            {
                operations.Add($"{method.Name.ToUpperInvariant()} {path.Name}");
            }
        }

        return operations;
    }

    /// <summary>
    /// Every route the app maps (its EndpointDataSource), as <c>"POST /api/signals"</c>, except the documentation's own
    /// routes (<paramref name="documentationPrefixes"/>). A route without a method constraint (a health check) counts as GET.
    /// </summary>
    public static SortedSet<string> MappedOperations(IServiceProvider services, params string[] documentationPrefixes)
    {
        var operations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            // A group's "" route keeps the group's trailing slash in RawText ("/api/signals/"); the request path has none.
            var path = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (documentationPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get];
            foreach (var method in methods)
            {
                operations.Add($"{method.ToUpperInvariant()} {path}");
            }
        }

        return operations;
    }
}
