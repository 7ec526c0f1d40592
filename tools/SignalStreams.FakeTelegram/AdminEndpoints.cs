namespace SignalStreams.FakeTelegram;

/// <summary>
/// The fake's admin API under <c>/admin</c>, answered only to loopback callers: read messages and calls, queue and
/// clear faults, reset.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } remote && System.Net.IPAddress.IsLoopback(remote)
                ? await next(context)
                : Results.Problem(statusCode: 403, detail: "The admin API answers loopback callers only."));

        admin.MapGet("/messages", (FakeTelegramState state, string? chatId) =>
            Results.Ok(chatId is null ? state.Messages : state.Messages.Where(m => m.ChatId == chatId).ToList()));
        admin.MapDelete("/messages", (FakeTelegramState state) =>
        {
            state.Reset();
            return Results.NoContent();
        });
        admin.MapGet("/calls", (FakeTelegramState state) => Results.Ok(state.Calls));
        admin.MapGet("/faults", (FakeTelegramState state) => Results.Ok(state.Faults));
        admin.MapPost("/faults", (FakeTelegramState state, FakeTelegramFault? fault) =>
        {
            var problem = fault switch
            {
                null => "The body must be a fault: {\"kind\": \"rate-limit\" | \"server-error\" | \"accept-then-hang\", \"count\": 1, ...}.",
                { Count: < 1 } => "count must be at least 1.",
                { Kind: FakeTelegramFaultKind.ServerError, StatusCode: < 500 or > 599 } => "statusCode must be a 5xx code for a server-error fault.",
                { Kind: FakeTelegramFaultKind.RateLimit, RetryAfterSeconds: < 1 } => "retryAfterSeconds must be at least 1.",
                { HangSeconds: < 0 } => "hangSeconds must not be negative.",
                _ when !Enum.IsDefined(fault.Kind) => "kind must be rate-limit, server-error or accept-then-hang.",
                _ => null,
            };
            if (problem is not null)
            {
                return Results.Problem(statusCode: 400, detail: problem);
            }

            state.AddFault(fault!);
            return Results.Ok(state.Faults);
        });
        admin.MapDelete("/faults", (FakeTelegramState state) =>
        {
            state.ClearFaults();
            return Results.NoContent();
        });
    }
}
