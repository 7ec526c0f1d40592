using System.Text;
using SignalStreams.Contracts;
using SignalStreams.SignalApi.Http;
using SignalStreams.SignalApi.OpenApi;
using SignalStreams.SignalApi.Views;

namespace SignalStreams.SignalApi.Endpoints;

/// <summary>"Why did my bot (not) take this signal?": the <c>execution-decisions</c> view (role reader).</summary>
internal static class DecisionEndpoints
{
    private const string VerdictRule = "verdict must be executed, failed, filtered, blocked or duplicate-refused.";

    /// <summary>Maps the decision reads on the reader group of <see cref="QueryEndpoints"/> (503 while the views load).</summary>
    public static void Map(RouteGroupBuilder reader)
    {
        reader.MapGet("/signals/{signalId}/decisions/{userId}", GetDecision)
            .Describe<ExecutionDecisionRecord>("GetSignalDecision", "Why a user's bot did or did not execute a signal (the latest decision); 404 = the user was never considered", notFound: true);
        reader.MapGet("/signals/{signalId}/decisions", GetDecisions)
            .Describe<DecisionPage>("GetSignalDecisions", "The decisions of a signal by userId, paged (verdict and rule filter; limit default 50, at most 500; cursor = an earlier page's nextCursor)", notFound: true);
        reader.MapGet("/signals/{signalId}/stats/decisions", GetCounts)
            .Describe<DecisionCounts>("GetSignalDecisionCounts", "How many users' decisions of a signal have each verdict and each rule", notFound: true);
    }

    private static IResult GetDecision(string signalId, string userId, ApiViews views)
    {
        if (QueryEndpoints.InvalidPair(signalId, userId) is { } invalid)
        {
            return invalid;
        }

        return views.DecisionIndex.Find(signalId, userId) is { } decision
            ? Results.Json(decision, ContractsJsonContext.Default.ExecutionDecisionRecord)
            : Problems.NotFound(
                $"User {userId} was never considered for signal {signalId}: the user is unknown or had no bot settings when the signal was fanned out, " +
                "or the signal was not executable when it arrived (or does not exist), so nobody was considered.");
    }

    private static IResult GetDecisions(string signalId, string? verdict, string? rule, string? limit, string? cursor, ApiViews views)
    {
        var collector = new ProblemCollector().Check(SignalValidator.IsValidSignalId(signalId), "signalId", SignalValidator.SignalIdRule);
        DecisionVerdict? wanted = null;
        if (!string.IsNullOrEmpty(verdict))
        {
            wanted = ParseVerdict(verdict);
            collector.Check(wanted is not null, "verdict", VerdictRule);
        }

        collector.Check(rule is null || rule.Length is >= 1 and <= 64, "rule", "rule must be 1-64 characters, e.g. min-strength.");
        var size = QueryEndpoints.PageSize(collector, limit);
        var after = string.IsNullOrEmpty(cursor) ? null : DecodeCursor(cursor);
        collector.Check(string.IsNullOrEmpty(cursor) || after is not null, "cursor", "cursor must be a nextCursor value from an earlier page.");
        var problems = collector.ToResult();
        if (!problems.IsValid)
        {
            return Problems.Invalid("The request", problems.Problems);
        }

        var decisions = views.DecisionIndex.OfSignal(signalId);
        if (decisions.Count == 0 && !views.Signals.TryGet(signalId, out _))
        {
            return Problems.NotFound($"Signal {signalId} does not exist.");
        }

        var ordered = decisions
            .Where(d => wanted is null || d.Verdict == wanted)
            .Where(d => string.IsNullOrEmpty(rule) || d.Rule == rule)
            .Where(d => after is null || string.CompareOrdinal(d.UserId, after) > 0)
            .OrderBy(d => d.UserId, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        var page = ordered.Take(size).ToList();
        var next = ordered.Count > size ? EncodeCursor(page[^1].UserId) : null;
        return Results.Json(new DecisionPage(page, next), ApiJsonContext.Default.DecisionPage);
    }

    private static IResult GetCounts(string signalId, ApiViews views)
    {
        if (!SignalValidator.IsValidSignalId(signalId))
        {
            return Problems.Invalid("The signalId", "signalId", SignalValidator.SignalIdRule);
        }

        var decisions = views.DecisionIndex.OfSignal(signalId);
        if (decisions.Count == 0 && !views.Signals.TryGet(signalId, out _))
        {
            return Problems.NotFound($"Signal {signalId} does not exist.");
        }

        return Results.Json(DecisionCounts.Of(signalId, decisions), ApiJsonContext.Default.DecisionCounts);
    }

    private static DecisionVerdict? ParseVerdict(string text) => text switch
    {
        "executed" => DecisionVerdict.Executed,
        "failed" => DecisionVerdict.Failed,
        "filtered" => DecisionVerdict.Filtered,
        "blocked" => DecisionVerdict.Blocked,
        "duplicate-refused" => DecisionVerdict.DuplicateRefused,
        _ => null,
    };

    private static string EncodeCursor(string userId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(userId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeCursor(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            var userId = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            return UserIds.IsValid(userId) ? userId : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
