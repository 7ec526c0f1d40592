using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Kafka;

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
        var config = new ConsumerConfig { BootstrapServers = pipeline.Context.Kafka.BootstrapServers };
        var wanted = runs.Select(r => r.SignalId).ToHashSet(StringComparer.Ordinal);
        var commands = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        TopicScanner.Scan(config, pipeline.Topics.ExecutionCommands, null, TimeSpan.FromSeconds(30), r =>
        {
            var command = ContractJson.Deserialize(r.Message.Value!, ContractsJsonContext.Default.ExecutionCommand);
            if (wanted.Contains(command.SignalId))
            {
                commands.TryAdd(command.SignalId, r.Message.Timestamp.UtcDateTime);
            }
        });
        var pending = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var executed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        TopicScanner.Scan(config, pipeline.Topics.SignalExecutions, null, TimeSpan.FromSeconds(30), r =>
        {
            var record = ContractJson.Deserialize(r.Message.Value!, ContractsJsonContext.Default.SignalExecution);
            if (wanted.Contains(record.SignalId))
            {
                (record.Status == ExecutionStatus.Pending ? pending : executed).TryAdd(record.SignalId, r.Message.Timestamp.UtcDateTime);
            }
        });
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
