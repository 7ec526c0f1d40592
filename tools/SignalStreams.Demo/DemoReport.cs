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

    private static JsonElement? Row(JsonElement? stats, string status) =>
        stats?.EnumerateArray().Where(r => r.GetProperty("status").GetString() == status).Select(r => (JsonElement?)r).FirstOrDefault();

    private static int Count(JsonElement? row) => row?.GetProperty("count").GetInt32() ?? 0;

    private static string Field(JsonElement? row, string name) =>
        row is { } r && r.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "-";
}
