using SignalStreams.Contracts;
using SignalStreams.Sdk;
using SignalStreams.SignalApi.Auth;
using SignalStreams.SignalApi.Http;
using SignalStreams.SignalApi.OpenApi;
using SignalStreams.SignalApi.Views;

namespace SignalStreams.SignalApi.Endpoints;

/// <summary>Publishing, cancelling and closing (role source) through the producer SDK.</summary>
internal static class SignalEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var source = api.MapGroup("/signals").RequireAuthorization(ApiRoles.Policies.Source).WithBearerProblems().WithTags("Signals");
        source.MapPost("", PublishAsync)
            .WithName("PublishSignal")
            .WithSummary("Publish a signal")
            .WithDescription("Publishes a Signal to the compacted signals topic (status, createdAt and expiresAt may be omitted: ACTIVE, now, createdAt + 5 minutes). 202 once Kafka acknowledged it. Republishing a signalId with the same content changes nothing.")
            .Accepts<SignalDraft>("application/json")
            .Produces<SignalAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        source.MapPost("/{signalId}/cancel", CancelAsync)
            .WithName("CancelSignal")
            .WithSummary("Cancel a signal")
            .WithDescription("Sets the signal's status to CANCELLED so that nobody executes it any more; a signal already CANCELLED or EXPIRED is left as it is.")
            .Produces<SignalAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        source.MapPost("/{signalId}/close", CloseAsync)
            .WithName("CloseSignal")
            .WithSummary("Close a signal: the source has exited")
            .WithDescription("Sets the signal's status to CLOSED: nobody opens it any more AND every follower position opened from it is closed at market (reduce-only) with its stop-loss and take-profit cancelled, once per position. Works on an ACTIVE, CANCELLED or EXPIRED signal (followers may hold positions); a CLOSED signal is left as it is.")
            .Produces<SignalAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> PublishAsync(HttpRequest request, SignalPublisher publisher, SignalApiMetrics metrics, ILogger<SignalPublisher> logger, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, "The signal", cancellationToken);
        var draft = body.Value is null ? null : JsonBody.Bind(body.Value, ContractsJsonContext.Default.SignalDraft, "The signal");
        if (draft?.Value is null)
        {
            metrics.Invalid();
            return draft?.Problem ?? body.Problem!;
        }

        try
        {
            var result = await publisher.PublishAsync(draft.Value, cancellationToken);
            metrics.Published();
            logger.LogInformation("Published {SignalId} ({Status}) through the API", result.Signal.SignalId, result.Signal.Status);
            return Results.Json(new SignalAccepted(result.Signal.SignalId, result.Signal.Status), ApiJsonContext.Default.SignalAccepted, statusCode: StatusCodes.Status202Accepted);
        }
        catch (SignalValidationException e)
        {
            metrics.Invalid();
            return Problems.Invalid("The signal", e.Problems);
        }
        catch (SignalPublishException e)
        {
            logger.LogError("Publishing {SignalId} failed: {Reason}", e.SignalId, e.Message);
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Kafka did not acknowledge the signal; try again.");
        }
    }

    private static Task<IResult> CloseAsync(string signalId, SignalPublisher publisher, ApiViews views, SignalApiMetrics metrics, ILogger<SignalPublisher> logger, CancellationToken cancellationToken) =>
        EndAsync(signalId, "Closed", "close", views, metrics, logger, metrics.Closed, current => publisher.CloseAsync(current, cancellationToken), () => publisher.CloseAsync(signalId, cancellationToken));

    private static Task<IResult> CancelAsync(string signalId, SignalPublisher publisher, ApiViews views, SignalApiMetrics metrics, ILogger<SignalPublisher> logger, CancellationToken cancellationToken) =>
        EndAsync(signalId, "Cancelled", "cancellation", views, metrics, logger, metrics.Cancelled, current => publisher.CancelAsync(current, cancellationToken), () => publisher.CancelAsync(signalId, cancellationToken));

    /// <summary>Cancel or close: the new status through the SDK, from the view's copy when it has one.</summary>
    private static async Task<IResult> EndAsync(
        string signalId,
        string done,
        string what,
        ApiViews views,
        SignalApiMetrics metrics,
        ILogger<SignalPublisher> logger,
        Action counted,
        Func<Signal, Task<PublishResult>> fromCopy,
        Func<Task<PublishResult>> byId)
    {
        if (!SignalValidator.IsValidSignalId(signalId))
        {
            metrics.Invalid();
            return Problems.Invalid("The signalId", "signalId", SignalValidator.SignalIdRule);
        }

        try
        {
            // The view is the freshest copy this instance follows; a signal published a moment ago may not be in it
            // yet, then the SDK looks it up itself (its recent sends, else the signal's partition).
            var result = views.Signals.TryGet(signalId, out var current) ? await fromCopy(current) : await byId();
            if (result.Published)
            {
                counted();
                logger.LogInformation("{Done} {SignalId} through the API", done, signalId);
            }

            return Results.Json(new SignalAccepted(signalId, result.Signal.Status), ApiJsonContext.Default.SignalAccepted, statusCode: StatusCodes.Status202Accepted);
        }
        catch (SignalNotFoundException)
        {
            return Problems.NotFound($"Signal {signalId} does not exist.");
        }
        catch (SignalPublishException e)
        {
            logger.LogError("The {What} of {SignalId} failed: {Reason}", what, signalId, e.Message);
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, $"Kafka did not acknowledge the {what}; try again.");
        }
    }
}
