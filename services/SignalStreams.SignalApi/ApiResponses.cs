using SignalStreams.Contracts;

namespace SignalStreams.SignalApi;

/// <summary>202 answer of POST /api/signals and /cancel.</summary>
internal sealed record SignalAccepted(string SignalId, SignalStatus Status);

/// <summary>202 answer of POST /api/users/{userId}/executions.</summary>
internal sealed record ExecutionRequestAccepted(string SignalId, string UserId, DateTimeOffset RequestedAt);

/// <summary>Nearest-rank percentiles of one measure.</summary>
internal sealed record PercentileSummary(int Count, decimal Min, decimal P50, decimal P90, decimal P99, decimal Max);

/// <summary>GET /api/signals/{signalId}/stats/percentiles: latency (ms) and slippage (%) across users who executed.</summary>
internal sealed record SignalPercentiles(string SignalId, int Executed, PercentileSummary? Latency, PercentileSummary? Slippage);

/// <summary>A page of a user's executions, newest createdAt first; <c>nextCursor</c> is null on the last page.</summary>
internal sealed record ExecutionPage(IReadOnlyList<SignalExecution> Items, string? NextCursor);

/// <summary>A page of a user's positions, newest openedAt first; <c>nextCursor</c> is null on the last page.</summary>
internal sealed record PositionPage(IReadOnlyList<Position> Items, string? NextCursor);

/// <summary>202 to <c>POST /api/users/{userId}/positions/{positionId}/close</c>: the close request is on <c>execution-requests</c>.</summary>
internal sealed record PositionCloseAccepted(string UserId, string PositionId, DateTimeOffset RequestedAt);

/// <summary>GET /api/mt5/positions/{accountId}/{positionId}.</summary>
internal sealed record Mt5PositionView(Mt5SignalMapping? Mapping, TelegramMapping? Telegram);

/// <summary>Body of PUT /api/users/{userId}/credentials (described for the OpenAPI document; read field by field).</summary>
internal sealed record CredentialsRequest(string ApiKey, string ApiSecret);

/// <summary>Body of POST /api/users/{userId}/executions (described for the OpenAPI document).</summary>
internal sealed record ExecutionRequestBody(string SignalId);

/// <summary>A page of a signal's decisions by userId; <c>nextCursor</c> is null on the last page.</summary>
internal sealed record DecisionPage(IReadOnlyList<ExecutionDecisionRecord> Items, string? NextCursor);

/// <summary>GET /api/signals/{signalId}/stats/decisions: the latest decision of every user considered, counted by verdict and by rule.</summary>
internal sealed record DecisionCounts(string SignalId, int Total, IReadOnlyDictionary<string, int> ByVerdict, IReadOnlyDictionary<string, int> ByRule)
{
    public static DecisionCounts Of(string signalId, IReadOnlyList<ExecutionDecisionRecord> decisions) => new(
        signalId,
        decisions.Count,
        decisions.GroupBy(d => VerdictName(d.Verdict)).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        decisions.GroupBy(d => d.Rule, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));

    private static string VerdictName(DecisionVerdict verdict) =>
        System.Text.Json.JsonSerializer.Serialize(verdict, ContractsJsonContext.Default.DecisionVerdict).Trim('"');
}
