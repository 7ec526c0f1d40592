using System.Globalization;
using System.Text.Json;
using SignalStreams.Contracts;

namespace SignalStreams.Demo;

/// <summary>Prints the demo's summary tables from what the API answers.</summary>
internal static class DemoReport
{
    public static async Task PrintSignalsAsync(DemoApi api, IReadOnlyList<Signal> signals, int users, IReadOnlyDictionary<string, int> eligible, IReadOnlyDictionary<string, IReadOnlyList<SignalExecution>> executions)
    {
        Console.WriteLine($"{"signal",-24} {"strength",-11} {"status",-9} {"executed",8} {"failed",6} {"filtered",8} {"p50 ms",7} {"p99 ms",7} {"last user ms",12}");
        foreach (var signal in signals)
        {
            var stats = await api.GetJsonAsync($"api/signals/{signal.SignalId}/stats");
            var current = await api.GetJsonAsync($"api/signals/{signal.SignalId}");
            var executed = Row(stats, "executed");
            var lastUser = executions[signal.SignalId].Where(e => e.Status == ExecutionStatus.Executed).Max(e => e.Latency);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{signal.SignalId,-24} {signal.Strength,-11} {current?.GetProperty("status").GetString(),-9} {Count(executed),8} {Count(Row(stats, "failed")),6} {users - eligible[signal.SignalId],8} {Field(executed, "p50Latency"),7} {Field(executed, "p99Latency"),7} {lastUser?.ToString(CultureInfo.InvariantCulture) ?? "-",12}"));
        }

        foreach (var failure in executions.Values.SelectMany(e => e).Where(e => e.Status == ExecutionStatus.Failed).GroupBy(e => e.FailureReason).Take(3))
        {
            Console.WriteLine($"  failed x{failure.Count()}: {failure.Key}");
        }
    }

    /// <summary>
    /// For the WEAK signal: the rules its filtered users were filtered by and one user's decision, read through the API
    /// (GET /api/signals/{id}/decisions); true when every user of this run the bot filtered has a filtered decision.
    /// </summary>
    public static async Task<bool> PrintWeakSignalDecisionsAsync(DemoApi api, Signal weak, IReadOnlyList<UserSettings> users)
    {
        var filtered = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await api.GetJsonAsync($"api/signals/{weak.SignalId}/decisions?verdict=filtered&limit=500" + (cursor is null ? "" : "&cursor=" + cursor));
            filtered.AddRange(page?.GetProperty("items").EnumerateArray() ?? Enumerable.Empty<JsonElement>());
            cursor = page?.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        var ours = users.Select(u => u.UserId).ToHashSet(StringComparer.Ordinal);
        filtered.RemoveAll(d => !ours.Contains(d.GetProperty("userId").GetString()!));
        var expected = users.Count(u => u.RejectionReason(weak) is not null);
        var rules = filtered.GroupBy(d => d.GetProperty("rule").GetString()).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine($"\n{weak.SignalId} (WEAK): {filtered.Count} of {expected} filtered users have a decision; rules: {string.Join(", ", rules)}");
        var example = users.FirstOrDefault(u => u.BotEnabled && u.RejectionReason(weak) == "below_min_strength") ?? users[0];
        var decision = await api.GetJsonAsync($"api/signals/{weak.SignalId}/decisions/{example.UserId}");
        Console.WriteLine(decision is { } d
            ? $"  GET /api/signals/{weak.SignalId}/decisions/{example.UserId}: {d.GetProperty("verdict").GetString()} / {d.GetProperty("rule").GetString()} at the {d.GetProperty("stage").GetString()}: \"{d.GetProperty("reason").GetString()}\""
            : $"  GET /api/signals/{weak.SignalId}/decisions/{example.UserId}: 404");
        return filtered.Count == expected && decision is not null;
    }

    private static JsonElement? Row(JsonElement? stats, string status) =>
        stats?.EnumerateArray().Where(r => r.GetProperty("status").GetString() == status).Select(r => (JsonElement?)r).FirstOrDefault();

    private static int Count(JsonElement? row) => row?.GetProperty("count").GetInt32() ?? 0;

    private static string Field(JsonElement? row, string name) =>
        row is { } r && r.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "-";
}
