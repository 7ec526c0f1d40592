using System.Globalization;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// One signal to N paper users through the real router and executor (<see cref="BenchmarkPipeline"/>: hosted here,
/// against the dev cluster, a real redis-server and the paper exchange with no fill latency): executions/s and the
/// time from publishing the signal to each user's executed record arriving on <c>signal-executions</c>, next to a raw
/// Kafka round trip of N records.
/// </summary>
public sealed class ExecutionBenchmark : IBenchmark
{
    public string Name => "execution";

    public string Description => "one signal to 1,000 and 10,000 paper users through signal-router + signal-executor: executions/s, publish→executed p50/p99, vs raw Kafka round trip";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        using var redis = new RedisServerFixture();
        foreach (var full in new[] { 1_000, 10_000 })
        {
            var users = context.Count(full);
            var label = "users_" + users.ToString(CultureInfo.InvariantCulture);
            foreach (var (name, value) in await RunOnceAsync(context, redis, users, cancellationToken))
            {
                figures[$"{label}.{name}"] = value;
            }
        }

        return figures;
    }

    private static async Task<Dictionary<string, double>> RunOnceAsync(BenchmarkContext context, RedisServerFixture redis, int users, CancellationToken cancellationToken)
    {
        var prefix = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var userIds = Enumerable.Range(0, users).Select(i => $"{prefix}-{i:D5}").ToList();
        await using var pipeline = await BenchmarkPipeline.StartAsync(context, redis, userIds.Select(u => (u, "ETHUSDT")), cancellationToken);
        context.Log($"{users} users: router and executor warm");
        var fanOut = await FanOut.RunAsync(pipeline, "bench-" + pipeline.Run, "ETHUSDT", 3500m, userIds, cancellationToken);
        var roundTrip = RawKafkaRoundTrip.Seconds(context, pipeline.Clients, pipeline.Settings, pipeline.Run, users, fanOut.RecordSize);
        context.Log($"{users} records: raw Kafka round trip in {roundTrip:0.00} s");
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["executed_records"] = fanOut.Executed,
            ["orders_at_exchange"] = fanOut.Orders,
            ["duplicate_orders"] = fanOut.DuplicateOrders,
            ["seconds_publish_to_last_executed"] = fanOut.Seconds,
            ["executions_per_second"] = users / fanOut.Seconds,
            ["publish_to_executed_record_p50_ms"] = Percentiles.Of(fanOut.FromPublishMs, 0.50),
            ["publish_to_executed_record_p99_ms"] = Percentiles.Of(fanOut.FromPublishMs, 0.99),
            ["publish_to_executed_record_max_ms"] = fanOut.FromPublishMs[^1],
            ["record_latency_field_p50_ms"] = Percentiles.Of(fanOut.RecordLatencyMs, 0.50),
            ["record_latency_field_p99_ms"] = Percentiles.Of(fanOut.RecordLatencyMs, 0.99),
            ["raw_kafka_round_trip_seconds"] = roundTrip,
            ["raw_kafka_round_trip_records_per_second"] = users / roundTrip,
        };
    }
}
