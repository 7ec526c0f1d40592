namespace SignalStreams.SignalApi.OpenApi;

/// <summary>OpenAPI descriptions endpoints share; a read endpoint: its answer, a 400 for a malformed id, 404 and 503.</summary>
internal static class ReadEndpointDescriptions
{
    public static RouteHandlerBuilder Describe<TAnswer>(this RouteHandlerBuilder endpoint, string operationId, string summary, bool notFound)
    {
        endpoint.WithName(operationId)
            .WithSummary(summary)
            .Produces<TAnswer>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return notFound ? endpoint.ProducesProblem(StatusCodes.Status404NotFound) : endpoint;
    }

    /// <summary>What every bearer-token group may answer before its handler runs: 401, 403, 429.</summary>
    public static RouteGroupBuilder WithBearerProblems(this RouteGroupBuilder group) => group
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
