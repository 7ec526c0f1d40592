using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Sdk;
using SignalStreams.SignalApi.Http;
using SignalStreams.SignalApi.Views;

namespace SignalStreams.SignalApi.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/tradingview/{sourceId}</c>: a TradingView alert. TradingView cannot send headers, so there is
/// no bearer token: the source's secret is in the message. In order: 400 when the body is not a JSON object (TradingView
/// sends the message as plain text when it is not valid JSON), 401 for a wrong, missing or unknown secret (nothing is
/// published), 429 beyond the source's rate limit, 400 listing every problem of the message, 404 for a cancel or close
/// of an alert that published nothing, then 202 once Kafka acknowledged the signal (or at once when the alert was delivered before).
/// </summary>
internal static class TradingViewEndpoint
{
    public const string Route = "/webhooks/tradingview/{sourceId}";
    private const string What = "The alert message";

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) => api.MapPost(Route, HandleAsync)
        .AllowAnonymous()
        .WithTags("TradingView")
        .DisableRateLimiting()
        .WithName(OpenApi.TradingViewRequestBody.OperationId)
        .WithSummary("Publish a signal from a TradingView alert")
        .WithDescription("The alert's webhook URL. TradingView cannot add headers, so there is no bearer token: the message's secret field must equal "
            + "Webhooks:TradingView:Sources:{sourceId}:Secret (compared in constant time, never logged or echoed). The signalId is tv-{sourceId}-{hash of id}, "
            + "so an alert delivered twice publishes one signal (202 with duplicate: true the second time). action open (default) publishes, cancel cancels "
            + "the signal of the alert with the same id (no new entries), close closes it (CLOSED: no new entries and every follower position opened from it is closed at market). 400 when the message is not "
            + "a JSON object or has invalid fields, 401 wrong or missing secret, 429 beyond the source's limit (Retry-After).")
        .Produces<TradingViewAccepted>(StatusCodes.Status202Accepted)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> HandleAsync(
        string sourceId,
        HttpRequest request,
        TradingViewSources sources,
        IOptions<TradingViewOptions> options,
        AlertPublications publications,
        SignalPublisher publisher,
        ApiViews views,
        TimeProvider time,
        SignalApiMetrics metrics,
        ILogger<TradingViewSources> logger,
        CancellationToken cancellationToken)
    {
        var bytes = await JsonBody.ReadBytesAsync(request, cancellationToken);
        if (bytes is null)
        {
            metrics.TradingViewAlert("too_large");
            return JsonBody.TooLarge();
        }

        JsonObject? json;
        try
        {
            json = JsonNode.Parse(bytes) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json is null)
        {
            metrics.TradingViewAlert("not_json");
            return Problems.Status(StatusCodes.Status400BadRequest, "The alert message is not a JSON object: TradingView sends the message as plain text unless it is valid JSON, so paste the JSON template (README, \"Signal sources\") as the alert's message.");
        }

        var secret = json["secret"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var source = TradingViewAlerts.IsValidSourceId(sourceId) ? sources.Authenticate(sourceId, secret) : null;
        if (source is null)
        {
            metrics.TradingViewAlert("unauthorized");
            logger.LogWarning("TradingView alert for source {SourceId} refused: the secret is wrong or missing, or the source is not configured", sourceId);
            return Problems.Status(StatusCodes.Status401Unauthorized, "The alert message's secret is missing or wrong, or this source is not configured.");
        }

        using var lease = sources.Acquire(sourceId);
        if (!lease.IsAcquired)
        {
            metrics.TradingViewAlert("rate_limited");
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
            request.HttpContext.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
            return Problems.Status(StatusCodes.Status429TooManyRequests, $"Source {sourceId} sent more alerts than its limit ({source.PermitsPerMinute} a minute, {source.Burst} at once); retry after {wait} s.");
        }

        var bound = JsonBody.Bind(json, TradingViewJsonContext.Default.TradingViewAlertMessage, What);
        if (bound.Value is not { } message)
        {
            metrics.TradingViewAlert("invalid");
            return bound.Problem!;
        }

        var action = TradingViewAlerts.ParseAction(message.Action);
        var problems = new ProblemCollector()
            .Check(!string.IsNullOrWhiteSpace(message.Id) && message.Id.Length <= TradingViewAlerts.MaxAlertIdLength, "id", $"id is required: the alert's own id of at most {TradingViewAlerts.MaxAlertIdLength} characters (e.g. {{{{strategy.order.id}}}}-{{{{timenow}}}}).")
            .Check(action is not null, "action", "action must be open, cancel or close.")
            .ToResult();
        if (!problems.IsValid)
        {
            metrics.TradingViewAlert("invalid");
            return Problems.Invalid(What, problems.Problems);
        }

        if (!views.IsLoaded)
        {
            // Without the view a repeated alert could not be recognised.
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "The signals view is still being rebuilt from Kafka; try again shortly.");
        }

        var signalId = TradingViewAlerts.SignalIdOf(sourceId, message.Id!);
        return action switch
        {
            TradingViewAction.Close => await CloseAsync(signalId, sourceId, message, publications, publisher, metrics, logger, cancellationToken),
            TradingViewAction.Cancel => await CancelAsync(signalId, sourceId, message, publications, publisher, metrics, logger, cancellationToken),
            _ => await OpenAsync(signalId, sourceId, message, source, options.Value, publications, publisher, time, metrics, logger, cancellationToken),
        };
    }

    private static async Task<IResult> OpenAsync(string signalId, string sourceId, TradingViewAlertMessage message, TradingViewSourceOptions source, TradingViewOptions options, AlertPublications publications, SignalPublisher publisher, TimeProvider time, SignalApiMetrics metrics, ILogger logger, CancellationToken cancellationToken)
    {
        var draft = TradingViewAlerts.ToDraft(sourceId, message, source, options.SymbolMap, time.GetUtcNow());
        if (draft.Value is null)
        {
            metrics.TradingViewAlert("invalid");
            return Problems.Invalid(What, draft.Problems);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMilliseconds(options.AnswerWithinMs));
        try
        {
            var (signal, duplicate) = await publications.PublishOnceAsync(signalId, async () => (await publisher.PublishAsync(draft.Value, deadline.Token)).Signal);
            metrics.TradingViewAlert(duplicate ? "duplicate" : "published");
            if (duplicate)
            {
                logger.LogInformation("TradingView alert {AlertId} of source {SourceId} was delivered before as {SignalId}; nothing published", message.Id, sourceId, signalId);
            }
            else
            {
                metrics.Published();
                logger.LogInformation("TradingView alert {AlertId} of source {SourceId} published as {SignalId} ({Symbol} {Market} {Side} @ {EntryPrice})", message.Id, sourceId, signal.SignalId, signal.Symbol, signal.Market, signal.Side, signal.EntryPrice);
            }

            return Accepted(signal, duplicate);
        }
        catch (SignalValidationException e)
        {
            metrics.TradingViewAlert("invalid");
            return Problems.Invalid(What, e.Problems.Select(p => p.Field == "entryPrice" ? p with { Field = "price" } : p));
        }
        catch (SignalPublishException e)
        {
            logger.LogError("Publishing TradingView alert {AlertId} of source {SourceId} as {SignalId} failed: {Reason}", message.Id, sourceId, signalId, e.Message);
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Kafka did not acknowledge the signal; the alert was not published.");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogError("Kafka did not acknowledge TradingView alert {AlertId} of source {SourceId} ({SignalId}) within {Milliseconds} ms", message.Id, sourceId, signalId, options.AnswerWithinMs);
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, $"Kafka did not acknowledge the signal within {options.AnswerWithinMs} ms; it may still be published. Sending the same alert again is safe: it maps to the same signalId.");
        }
    }

    private static async Task<IResult> CancelAsync(string signalId, string sourceId, TradingViewAlertMessage message, AlertPublications publications, SignalPublisher publisher, SignalApiMetrics metrics, ILogger logger, CancellationToken cancellationToken)
    {
        if (publications.Existing(signalId) is not { } current)
        {
            metrics.TradingViewAlert("unknown_signal");
            return Problems.NotFound($"No signal was published for alert id {message.Id} of source {sourceId}; cancel names the id of the alert that opened it.");
        }

        try
        {
            var result = await publisher.CancelAsync(current, cancellationToken);
            metrics.TradingViewAlert("cancelled");
            if (result.Published)
            {
                metrics.Cancelled();
                logger.LogInformation("TradingView alert of source {SourceId} cancelled {SignalId}", sourceId, signalId);
            }

            return Accepted(result.Signal, duplicate: !result.Published);
        }
        catch (SignalPublishException e)
        {
            logger.LogError("Cancelling {SignalId} for TradingView source {SourceId} failed: {Reason}", signalId, sourceId, e.Message);
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Kafka did not acknowledge the cancellation; try again.");
        }
    }

    private static async Task<IResult> CloseAsync(string signalId, string sourceId, TradingViewAlertMessage message, AlertPublications publications, SignalPublisher publisher, SignalApiMetrics metrics, ILogger logger, CancellationToken cancellationToken)
    {
        if (publications.Existing(signalId) is not { } current)
        {
            metrics.TradingViewAlert("unknown_signal");
            return Problems.NotFound($"No signal was published for alert id {message.Id} of source {sourceId}; close names the id of the alert that opened it.");
        }

        try
        {
            var result = await publisher.CloseAsync(current, cancellationToken);
            metrics.TradingViewAlert("closed");
            if (result.Published)
            {
                metrics.Closed();
                logger.LogInformation("TradingView alert of source {SourceId} closed {SignalId}", sourceId, signalId);
            }

            return Accepted(result.Signal, duplicate: !result.Published);
        }
        catch (SignalPublishException e)
        {
            logger.LogError("Closing {SignalId} for TradingView source {SourceId} failed: {Reason}", signalId, sourceId, e.Message);
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Kafka did not acknowledge the close; try again.");
        }
    }

    private static IResult Accepted(Signal signal, bool duplicate) =>
        Results.Json(new TradingViewAccepted(signal.SignalId, signal.Status, duplicate), TradingViewJsonContext.Default.TradingViewAccepted, statusCode: StatusCodes.Status202Accepted);
}
