using System.Text.Json.Nodes;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Kafka;
using SignalStreams.SignalApi.Auth;
using SignalStreams.SignalApi.Http;
using SignalStreams.SignalApi.OpenApi;
using SignalStreams.SignalApi.Views;

namespace SignalStreams.SignalApi.Endpoints;

/// <summary>Onboarding, manual execution and manual close (role admin): user-settings, user-credentials, execution-requests.</summary>
internal static class UserEndpoints
{
    private const int MaxCredentialLength = 512;

    public static void Map(IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/users/{userId}").RequireAuthorization(ApiRoles.Policies.Admin).WithBearerProblems().WithTags("Users");
        admin.MapPut("/settings", PutSettingsAsync)
            .WithName("PutUserSettings")
            .WithSummary("Create or replace a user's bot settings")
            .WithDescription("Writes UserSettings to the compacted user-settings topic. The body's userId may be left out (taken from the path) or must match it; an absent minStrength is stored as WEAK.")
            .Accepts<UserSettings>("application/json")
            .Produces<UserSettings>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        admin.MapPut("/credentials", PutCredentialsAsync)
            .WithName("PutUserCredentials")
            .WithSummary("Store a user's exchange API key and secret")
            .WithDescription("Seals the key pair with AES-256-GCM under the master key before it reaches Kafka; never echoed back.")
            .Accepts<CredentialsRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        admin.MapPost("/executions", RequestExecutionAsync)
            .WithName("RequestExecution")
            .WithSummary("Execute a signal now for this user")
            .WithDescription("A manual request: skips the bot's filters, not the signal's state. 409 when the user already has a record for the signal, 410 when the signal is cancelled, expired or past expiresAt.")
            .Accepts<ExecutionRequestBody>("application/json")
            .Produces<ExecutionRequestAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);
        admin.MapPost("/positions/{positionId}/close", RequestCloseAsync)
            .WithName("ClosePosition")
            .WithSummary("Close one of this user's positions now")
            .WithDescription("Writes a PositionCloseRequest to execution-requests: the executor closes the position at market (reduce-only) and cancels its stop-loss and take-profit, once. 404 when the user has no such position, 409 when it is already closed. An admin acts for the user (the user's own front end calls this with its admin token).")
            .Produces<PositionCloseAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> RequestCloseAsync(string userId, string positionId, ApiViews views, ContractRecordWriter writer, TopicNames topics, TimeProvider time, SignalApiMetrics metrics, ILogger<ApiViews> logger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var closeRequest = new PositionCloseRequest { UserId = userId, PositionId = positionId, RequestedBy = "admin", RequestedAt = now };
        var validation = closeRequest.Validate();
        if (!validation.IsValid)
        {
            metrics.Invalid();
            return Problems.Invalid("The close request", validation.Problems);
        }

        if (!views.IsLoaded)
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "The views are still being rebuilt from Kafka; try again shortly.");
        }

        switch (views.Positions.Find(userId, positionId))
        {
            case null:
                metrics.CloseRequest("unknown_position");
                return Problems.NotFound($"User {userId} has no position {positionId}.");
            case { Status: PositionStatus.Closed } closed:
                metrics.CloseRequest("already_closed");
                return Problems.Status(StatusCodes.Status409Conflict, $"Position {positionId} of user {userId} is already closed ({closed.CloseReason?.ToString() ?? "closed"} at {closed.ClosedAt:O}).");
        }

        await writer.WriteAsync(topics.ExecutionRequests, userId, closeRequest, ContractsJsonContext.Default.PositionCloseRequest, SchemaNames.PositionCloseRequest, cancellationToken);
        metrics.CloseRequest("accepted");
        logger.LogInformation("Close of position {PositionId} requested for {UserId}", positionId, userId);
        return Results.Json(new PositionCloseAccepted(userId, positionId, now), ApiJsonContext.Default.PositionCloseAccepted, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> PutSettingsAsync(string userId, HttpRequest request, ContractRecordWriter writer, TopicNames topics, SignalApiMetrics metrics, ILogger<ApiViews> logger, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, "The settings", cancellationToken);
        if (body.Value is not { } json)
        {
            metrics.Invalid();
            return body.Problem!;
        }

        // The path names the user; the body may repeat it (then it must agree) or leave it out.
        var bodyUserId = json["userId"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (json["userId"] is not null && bodyUserId != userId)
        {
            metrics.Invalid();
            return Problems.Invalid("The settings", "userId", "userId in the body must match the userId in the path.");
        }

        json["userId"] = userId;

        // An absent minStrength reads as WEAK; writing it explicitly keeps the record self-describing for other readers.
        json["minStrength"] ??= "WEAK";
        var settings = JsonBody.Bind(json, ContractsJsonContext.Default.UserSettings, "The settings", "botEnabled", "sizing");
        if (settings.Value is null)
        {
            metrics.Invalid();
            return settings.Problem!;
        }

        var validation = settings.Value.Validate();
        if (!validation.IsValid)
        {
            metrics.Invalid();
            return Problems.Invalid("The settings", validation.Problems);
        }

        await writer.WriteAsync(topics.UserSettings, userId, settings.Value, ContractsJsonContext.Default.UserSettings, SchemaNames.UserSettings, cancellationToken);
        metrics.SettingsWritten();
        logger.LogInformation("Settings of {UserId} written (bot enabled: {BotEnabled}, paper trading: {PaperTrading})", userId, settings.Value.BotEnabled, settings.Value.PaperTrading);
        return Results.Json(settings.Value, ContractsJsonContext.Default.UserSettings);
    }

    private static async Task<IResult> PutCredentialsAsync(string userId, HttpRequest request, CredentialVault vault, ContractRecordWriter writer, TopicNames topics, SignalApiMetrics metrics, ILogger<ApiViews> logger, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, "The credentials", cancellationToken);
        if (body.Value is not { } json)
        {
            metrics.Invalid();
            return body.Problem!;
        }

        var apiKey = StringField(json, "apiKey");
        var apiSecret = StringField(json, "apiSecret");
        var problems = new ProblemCollector()
            .Check(UserIds.IsValid(userId), "userId", UserIds.Rule)
            .Check(!string.IsNullOrWhiteSpace(apiKey) && apiKey.Length <= MaxCredentialLength, "apiKey", $"apiKey is required: a string of at most {MaxCredentialLength} characters.")
            .Check(!string.IsNullOrWhiteSpace(apiSecret) && apiSecret.Length <= MaxCredentialLength, "apiSecret", $"apiSecret is required: a string of at most {MaxCredentialLength} characters.")
            .ToResult();
        if (!problems.IsValid)
        {
            metrics.Invalid();
            return Problems.Invalid("The credentials", problems.Problems);
        }

        var sealedCredentials = vault.Encrypt(userId, new ApiCredentials(apiKey!, apiSecret!));
        await writer.WriteAsync(topics.UserCredentials, userId, sealedCredentials, ContractsJsonContext.Default.EncryptedCredentials, SchemaNames.UserCredentials, cancellationToken);
        metrics.CredentialsWritten();
        logger.LogInformation("Credentials of {UserId} sealed and written (key {KeyHint})", userId, ApiCredentials.HintOf(apiKey!));
        return Results.NoContent();
    }

    private static async Task<IResult> RequestExecutionAsync(string userId, HttpRequest request, ApiViews views, ContractRecordWriter writer, TopicNames topics, TimeProvider time, SignalApiMetrics metrics, ILogger<ApiViews> logger, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, "The execution request", cancellationToken);
        if (body.Value is not { } json)
        {
            metrics.Invalid();
            return body.Problem!;
        }

        var now = time.GetUtcNow();
        var executionRequest = new ExecutionRequest { SignalId = StringField(json, "signalId") ?? "", UserId = userId, RequestedAt = now };
        var validation = executionRequest.Validate();
        if (!validation.IsValid)
        {
            metrics.Invalid();
            return Problems.Invalid("The execution request", validation.Problems);
        }

        var signalId = executionRequest.SignalId;
        if (!views.Signals.TryGet(signalId, out var signal))
        {
            metrics.ExecutionRequest("unknown_signal");
            return Problems.NotFound($"Signal {signalId} does not exist.");
        }

        if (views.Index.Find(signalId, userId) is { } existing)
        {
            metrics.ExecutionRequest("already_executed");
            return Problems.Status(StatusCodes.Status409Conflict, $"User {userId} already executed signal {signalId} (status {existing.Status.ToString().ToLowerInvariant()}).");
        }

        if (!signal.IsExecutableAt(now))
        {
            metrics.ExecutionRequest("gone");
            var why = signal.Status is SignalStatus.Cancelled or SignalStatus.Closed or SignalStatus.Expired ? signal.Status.ToString().ToLowerInvariant() : "past its expiresAt";
            return Problems.Status(StatusCodes.Status410Gone, $"Signal {signalId} can no longer be executed: it is {why}.");
        }

        await writer.WriteAsync(topics.ExecutionRequests, userId, executionRequest, ContractsJsonContext.Default.ExecutionRequest, SchemaNames.ExecutionRequest, cancellationToken);
        metrics.ExecutionRequest("accepted");
        logger.LogInformation("Execution of {SignalId} requested for {UserId}", signalId, userId);
        return Results.Json(new ExecutionRequestAccepted(signalId, userId, now), ApiJsonContext.Default.ExecutionRequestAccepted, statusCode: StatusCodes.Status202Accepted);
    }

    private static string? StringField(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
