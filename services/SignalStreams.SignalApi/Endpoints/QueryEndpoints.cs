using System.Globalization;
using SignalStreams.Contracts;
using SignalStreams.SignalApi.Auth;
using SignalStreams.SignalApi.Http;
using SignalStreams.SignalApi.OpenApi;
using SignalStreams.SignalApi.Views;

namespace SignalStreams.SignalApi.Endpoints;

/// <summary>Reads (role reader), answered from the in-memory views; 503 while the views are still being rebuilt.</summary>
internal static class QueryEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static void Map(IEndpointRouteBuilder api)
    {
        var reader = api.MapGroup("").RequireAuthorization(ApiRoles.Policies.Reader).WithBearerProblems().WithTags("Reads").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<ApiViews>().IsLoaded
                ? await next(context)
                : Problems.Status(StatusCodes.Status503ServiceUnavailable, "The views are still being rebuilt from Kafka; try again shortly."));
        reader.MapGet("/signals/{signalId}", GetSignal)
            .Describe<Signal>("GetSignal", "The latest version of a signal", notFound: true);
        reader.MapGet("/signals/{signalId}/stats", GetStats)
            .Describe<IReadOnlyList<SignalExecutionStatsRow>>("GetSignalStats", "Execution statistics of a signal, one row per status present; the executed row also counts the followers' positions still open and closed, with the closed ones' realized PnL", notFound: true);
        reader.MapGet("/signals/{signalId}/stats/percentiles", GetPercentiles)
            .Describe<SignalPercentiles>("GetSignalPercentiles", "Latency and slippage percentiles over the users who executed a signal", notFound: true);
        reader.MapGet("/signals/{signalId}/executions", GetExecutions)
            .Describe<IReadOnlyList<SignalExecution>>("GetSignalExecutions", "Every SignalExecution of a signal, by userId", notFound: true);
        reader.MapGet("/signals/{signalId}/executions/{userId}", GetExecution)
            .Describe<SignalExecution>("GetSignalExecution", "One user's SignalExecution of a signal; 404 = the user has not executed it", notFound: true);
        reader.MapGet("/users/{userId}/executions", GetUserExecutions)
            .Describe<ExecutionPage>("GetUserExecutions", "A user's executions, newest createdAt first, paged (limit default 50, at most 500; cursor = an earlier page's nextCursor)", notFound: false);
        reader.MapGet("/users/{userId}/positions", GetUserPositions)
            .Describe<PositionPage>("GetUserPositions", "A user's positions (status OPEN or CLOSED, or both when absent), newest openedAt first, paged like executions", notFound: false);
        reader.MapGet("/users/{userId}/positions/{positionId}", GetUserPosition)
            .Describe<Position>("GetUserPosition", "One of a user's positions; 404 = the user has no such position", notFound: true);
        reader.MapGet("/mt5/positions/{accountId}/{positionId}", GetMt5Position)
            .Describe<Mt5PositionView>("GetMt5Position", "The signal mapping and Telegram message of an MT5 position", notFound: true);
        DecisionEndpoints.Map(reader);
    }

    private static IResult GetSignal(string signalId, ApiViews views) =>
        !SignalValidator.IsValidSignalId(signalId) ? Problems.Invalid("The signalId", "signalId", SignalValidator.SignalIdRule)
        : views.Signals.TryGet(signalId, out var signal) ? Results.Json(signal, ContractsJsonContext.Default.Signal)
        : Problems.NotFound($"Signal {signalId} does not exist.");

    private static IResult GetStats(string signalId, ApiViews views) =>
        WithExecutions(signalId, views, executions => Results.Json(ExecutionStatistics.ByStatus(signalId, executions, views.Positions.OfSignal(signalId)), ApiJsonContext.Default.IReadOnlyListSignalExecutionStatsRow));

    private static IResult GetPercentiles(string signalId, ApiViews views) =>
        WithExecutions(signalId, views, executions => Results.Json(ExecutionStatistics.Percentiles(signalId, executions), ApiJsonContext.Default.SignalPercentiles));

    private static IResult GetExecutions(string signalId, ApiViews views) =>
        WithExecutions(signalId, views, executions => Results.Json<IReadOnlyList<SignalExecution>>(executions.OrderBy(e => e.UserId, StringComparer.Ordinal).ToList(), ApiJsonContext.Default.IReadOnlyListSignalExecution));

    private static IResult GetExecution(string signalId, string userId, ApiViews views)
    {
        if (InvalidPair(signalId, userId) is { } invalid)
        {
            return invalid;
        }

        return views.Index.Find(signalId, userId) is { } execution
            ? Results.Json(execution, ContractsJsonContext.Default.SignalExecution)
            : Problems.NotFound($"User {userId} has not executed signal {signalId}.");
    }

    private static IResult GetUserExecutions(string userId, string? status, string? limit, string? cursor, ApiViews views)
    {
        var collector = new ProblemCollector().Check(UserIds.IsValid(userId), "userId", UserIds.Rule);
        ExecutionStatus? wanted = status switch
        {
            null or "" => null,
            "pending" => ExecutionStatus.Pending,
            "executed" => ExecutionStatus.Executed,
            "failed" => ExecutionStatus.Failed,
            _ => (ExecutionStatus)(-1),
        };
        collector.Check(wanted != (ExecutionStatus)(-1), "status", "status must be pending, executed or failed.");
        var (size, after) = Paging(collector, limit, cursor);
        var problems = collector.ToResult();
        if (!problems.IsValid)
        {
            return Problems.Invalid("The request", problems.Problems);
        }

        var ordered = views.Index.OfUser(userId)
            .Where(e => wanted is null || e.Status == wanted)
            .Where(e => after is null || after.Precedes(e))
            .OrderByDescending(e => e.CreatedAt.UtcTicks)
            .ThenBy(e => e.SignalId, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        var page = ordered.Take(size).ToList();
        var next = ordered.Count > size ? PageCursor.After(page[^1]).Encode() : null;
        return Results.Json(new ExecutionPage(page, next), ApiJsonContext.Default.ExecutionPage);
    }

    private static IResult GetUserPositions(string userId, string? status, string? limit, string? cursor, ApiViews views)
    {
        var collector = new ProblemCollector().Check(UserIds.IsValid(userId), "userId", UserIds.Rule);
        PositionStatus? wanted = status switch
        {
            null or "" => null,
            "OPEN" or "open" => PositionStatus.Open,
            "CLOSED" or "closed" => PositionStatus.Closed,
            _ => (PositionStatus)(-1),
        };
        collector.Check(wanted != (PositionStatus)(-1), "status", "status must be OPEN or CLOSED.");
        var (size, after) = Paging(collector, limit, cursor);
        var problems = collector.ToResult();
        if (!problems.IsValid)
        {
            return Problems.Invalid("The request", problems.Problems);
        }

        var ordered = views.Positions.OfUser(userId)
            .Where(p => wanted is null || p.Status == wanted)
            .Where(p => after is null || after.Precedes(p))
            .OrderByDescending(p => p.OpenedAt.UtcTicks)
            .ThenBy(p => p.PositionId, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        var page = ordered.Take(size).ToList();
        var next = ordered.Count > size ? PageCursor.After(page[^1]).Encode() : null;
        return Results.Json(new PositionPage(page, next), ApiJsonContext.Default.PositionPage);
    }

    private static IResult GetUserPosition(string userId, string positionId, ApiViews views)
    {
        var problems = new ProblemCollector()
            .Check(UserIds.IsValid(userId), "userId", UserIds.Rule)
            .Check(PositionCloseRequest.IsValidPositionId(positionId), "positionId", PositionCloseRequest.PositionIdRule)
            .ToResult();
        if (!problems.IsValid)
        {
            return Problems.Invalid("The request", problems.Problems);
        }

        return views.Positions.Find(userId, positionId) is { } position
            ? Results.Json(position, ContractsJsonContext.Default.Position)
            : Problems.NotFound($"User {userId} has no position {positionId}.");
    }

    /// <summary>limit (1.., capped at <see cref="MaxLimit"/>) and cursor, with their problems added to <paramref name="collector"/>.</summary>
    private static (int Size, PageCursor? After) Paging(ProblemCollector collector, string? limit, string? cursor)
    {
        var after = string.IsNullOrEmpty(cursor) ? null : PageCursor.TryDecode(cursor);
        collector.Check(string.IsNullOrEmpty(cursor) || after is not null, "cursor", "cursor must be a nextCursor value from an earlier page.");
        return (PageSize(collector, limit), after);
    }

    /// <summary>The 400 for a (signalId, userId) path that names no valid pair, or null when both are valid.</summary>
    public static IResult? InvalidPair(string signalId, string userId)
    {
        var problems = new ProblemCollector()
            .Check(SignalValidator.IsValidSignalId(signalId), "signalId", SignalValidator.SignalIdRule)
            .Check(UserIds.IsValid(userId), "userId", UserIds.Rule)
            .ToResult();
        return problems.IsValid ? null : Problems.Invalid("The request", problems.Problems);
    }

    /// <summary>The page size asked for by <paramref name="limit"/> (absent: <see cref="DefaultLimit"/>; capped at <see cref="MaxLimit"/>), its problem added to <paramref name="collector"/>.</summary>
    public static int PageSize(ProblemCollector collector, string? limit)
    {
        var size = DefaultLimit;
        collector.Check(string.IsNullOrEmpty(limit) || (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size >= 1), "limit", $"limit must be a whole number from 1 (at most {MaxLimit} are returned).");
        return Math.Min(size is 0 ? DefaultLimit : size, MaxLimit);
    }

    private static IResult GetMt5Position(string accountId, string positionId, ApiViews views)
    {
        var problems = new ProblemCollector()
            .Check(IsPositionPart(accountId), "accountId", "accountId must be 1-128 characters without ':' or control characters.")
            .Check(IsPositionPart(positionId), "positionId", "positionId must be 1-128 characters without ':' or control characters.")
            .ToResult();
        if (!problems.IsValid)
        {
            return Problems.Invalid("The request", problems.Problems);
        }

        var key = Mt5Keys.Of(accountId, positionId);
        var mapping = views.Mt5Mappings.Get(key);
        var telegram = views.TelegramMappings.Get(key);
        return mapping is null && telegram is null
            ? Problems.NotFound($"MT5 position {positionId} of account {accountId} is not known.")
            : Results.Json(new Mt5PositionView(mapping, telegram), ApiJsonContext.Default.Mt5PositionView);
    }

    /// <summary>404 only when the signal is unknown and nobody has a record of it (executions may arrive before the signal view has it).</summary>
    private static IResult WithExecutions(string signalId, ApiViews views, Func<IReadOnlyList<SignalExecution>, IResult> answer)
    {
        if (!SignalValidator.IsValidSignalId(signalId))
        {
            return Problems.Invalid("The signalId", "signalId", SignalValidator.SignalIdRule);
        }

        var executions = views.Index.OfSignal(signalId);
        return executions.Count == 0 && !views.Signals.TryGet(signalId, out _)
            ? Problems.NotFound($"Signal {signalId} does not exist.")
            : answer(executions);
    }

    private static bool IsPositionPart(string value) =>
        value.Length is >= 1 and <= 128 && !value.Contains(':', StringComparison.Ordinal) && !value.Any(char.IsControl);
}
