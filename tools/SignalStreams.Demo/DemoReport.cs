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
            var mine = executions.Where(e => e.SignalId == signal.SignalId).ToList();
            var latencies = mine.Where(e => e.Status == ExecutionStatus.Executed).Select(e => e.Latency ?? 0).Order().ToList();
            var eligible = users.Count(u => u.RejectionReason(signal) is null);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{signal.SignalId,-24} {signal.Strength,-11} {signal.Status,-8} {eligible,8} {latencies.Count,8} {mine.Count(e => e.Status == ExecutionStatus.Failed),6} {users.Count - eligible,8} {Percentile(latencies, 0.50),7} {Percentile(latencies, 0.99),7} {(latencies.Count == 0 ? "-" : latencies[^1].ToString(CultureInfo.InvariantCulture)),12}"));
        }

        foreach (var failure in executions.Where(e => e.Status == ExecutionStatus.Failed).GroupBy(e => e.FailureReason).Take(5))
        {
            Console.WriteLine($"  failed x{failure.Count()}: {failure.Key}");
        }
    }

    /// <summary>Nearest-rank percentile; "-" when there is nothing to rank.</summary>
    private static string Percentile(IReadOnlyList<long> sorted, double p) =>
        sorted.Count == 0 ? "-" : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)].ToString(CultureInfo.InvariantCulture);
}
