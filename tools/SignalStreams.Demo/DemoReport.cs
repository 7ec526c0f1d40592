using System.Globalization;
using SignalStreams.Contracts;

namespace SignalStreams.Demo;

/// <summary>Prints the per-signal summary table of the demo.</summary>
internal static class DemoReport
{
    public static void PrintSignals(IReadOnlyList<Signal> signals, IReadOnlyList<UserSettings> users, IReadOnlyList<SignalExecution> executions)
    {
        Console.WriteLine($"{"signal",-24} {"strength",-11} {"status",-8} {"eligible",8} {"executed",8} {"failed",6} {"filtered",8} {"p50 ms",7} {"p99 ms",7} {"last user ms",12}");
        foreach (var signal in signals)
        {
            var rows = SignalExecutionStats.Of(signal.SignalId, executions);
            var executed = rows.SingleOrDefault(r => r.Status == ExecutionStatus.Executed);
            var lastUser = executions.Where(e => e.SignalId == signal.SignalId && e.Status == ExecutionStatus.Executed).Max(e => e.Latency);
            var eligible = users.Count(u => u.RejectionReason(signal) is null);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{signal.SignalId,-24} {signal.Strength,-11} {signal.Status,-8} {eligible,8} {executed?.Count ?? 0,8} {rows.SingleOrDefault(r => r.Status == ExecutionStatus.Failed)?.Count ?? 0,6} {users.Count - eligible,8} {Text(executed?.P50Latency),7} {Text(executed?.P99Latency),7} {Text(lastUser),12}"));
        }

        foreach (var failure in executions.Where(e => e.Status == ExecutionStatus.Failed).GroupBy(e => e.FailureReason).Take(5))
        {
            Console.WriteLine($"  failed x{failure.Count()}: {failure.Key}");
        }
    }

    private static string Text(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
