using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// Where the time of publish→executed goes, from what the run left behind: the creation timestamps the router and the
/// executor stamp on their records (<c>execution-commands</c>, the pending and the executed record on
/// <c>signal-executions</c>), the paper exchange's order time and the reader's arrival time. Medians per hop, in ms.
/// </summary>
internal static class HopBreakdown
{
    public static IReadOnlyList<(string Hop, double MedianMs)> Of(BenchmarkPipeline pipeline, IReadOnlyList<(string SignalId, string UserId, DateTimeOffset Acknowledged, DateTimeOffset Arrived)> runs)
    {
        var bootstrap = pipeline.Context.Kafka.BootstrapServers;
        var wanted = runs.Select(r => r.SignalId).ToHashSet(StringComparer.Ordinal);
        var commands = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var r in TopicReader.ReadAll(bootstrap, pipeline.Topics.ExecutionCommands, TimeSpan.FromSeconds(30)))
        {
            var command = r.As(ContractsJsonContext.Default.ExecutionCommand);
            if (wanted.Contains(command.SignalId))
            {
                commands.TryAdd(command.SignalId, r.Timestamp);
            }
        }

        var pending = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var executed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var r in TopicReader.ReadAll(bootstrap, pipeline.Topics.SignalExecutions, TimeSpan.FromSeconds(30)))
        {
            var record = r.As(ContractsJsonContext.Default.SignalExecution);
            if (wanted.Contains(record.SignalId))
            {
                (record.Status == ExecutionStatus.Pending ? pending : executed).TryAdd(record.SignalId, r.Timestamp);
            }
        }

        var orders = pipeline.Exchange.Orders.All().ToDictionary(o => o.ClientOrderId, o => DateTimeOffset.FromUnixTimeMilliseconds(o.Time), StringComparer.Ordinal);
        var hops = new List<(string, Func<(string SignalId, string UserId, DateTimeOffset Acknowledged, DateTimeOffset Arrived), double>)>
        {
            ("publish acknowledged → router's command written", r => (commands[r.SignalId] - r.Acknowledged).TotalMilliseconds),
            ("command → executor's pending record written", r => (pending[r.SignalId] - commands[r.SignalId]).TotalMilliseconds),
            ("pending record → order at the exchange", r => (orders[ClientOrderIds.For(r.SignalId, r.UserId)] - pending[r.SignalId]).TotalMilliseconds),
            ("order → executed record written", r => (executed[r.SignalId] - orders[ClientOrderIds.For(r.SignalId, r.UserId)]).TotalMilliseconds),
            ("executed record written → read by a consumer", r => (r.Arrived - executed[r.SignalId]).TotalMilliseconds),
        };
        return hops.Select(h => (h.Item1, Percentiles.Of(runs.Select(h.Item2).Order().ToArray(), 0.5))).ToList();
    }
}
