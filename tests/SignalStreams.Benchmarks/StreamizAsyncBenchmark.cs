using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using SignalStreams.Contracts;

namespace SignalStreams.Benchmarks;

/// <summary>
/// Whether Streamiz 1.8.2's async processing can run the executor's exchange calls with per-user order and cross-user
/// concurrency (issue 12, item 3). N records over U users (keys), each needing one external call that takes a fixed
/// 50 ms (<see cref="FakeExchangeCall"/>: a Task.Delay, no HTTP, so only the runner's concurrency shows), go through
/// <c>MapValuesAsync</c> with Streamiz's defaults, with its parallel options (<c>ParallelProcessing</c>,
/// <c>MaxDegreeOfParallelism</c>, more stream threads, more instances), and through the executor's own
/// <c>ExchangeDispatcher</c> fed from a Streamiz stream thread as the executor feeds it. Each run counts the calls
/// running at once and checks that every user's calls started in order.
/// </summary>
public sealed class StreamizAsyncBenchmark : IBenchmark
{
    private const int Partitions = 4;

    public string Name => "streamiz-async";

    public string Description => "exchange calls of 50 ms through Streamiz 1.8.2's MapValuesAsync (default, parallel options, more threads/instances) vs the executor's dispatcher: seconds, calls/s, max concurrent calls, per-user order";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var users = Math.Max(2, context.Count(20));
        var calls = Math.Max(users, context.Count(200) / users * users);
        var call = new FakeExchangeCall(TimeSpan.FromMilliseconds(50));
        var perUser = calls / users;
        context.Reference("calls", calls);
        context.Reference("users", users);
        context.Reference("call_ms", call.Duration.TotalMilliseconds);
        context.Reference("one_at_a_time_seconds", calls * call.Duration.TotalSeconds);
        context.Reference("ideal_per_user_lanes_seconds", perUser * call.Duration.TotalSeconds);
        context.Reference("partitions_of_the_multi_partition_runs", Partitions);

        // One call at a time per partition owner: the 4-instance run can be no faster than its busiest partition.
        var busiest = UserIds(users).GroupBy(user => Murmur2Partitioner.PartitionFor(user, Partitions)).Max(g => g.Count());
        context.Reference("users_on_the_busiest_of_4_partitions", busiest);
        context.Reference("ideal_4_instances_one_call_at_a_time_seconds", busiest * perUser * call.Duration.TotalSeconds);

        Scenario[] scenarios =
        [
            new("streamiz_default_1p", 1, new StreamizAsyncRun.Settings()),
            new("streamiz_default_4p", Partitions, new StreamizAsyncRun.Settings()),
            new("streamiz_parallel_4p", Partitions, new StreamizAsyncRun.Settings(ParallelProcessing: true, MaxDegreeOfParallelism: 32)),
            new("streamiz_parallel_4p_4threads", Partitions, new StreamizAsyncRun.Settings(ParallelProcessing: true, MaxDegreeOfParallelism: 32, StreamThreads: Partitions)),
            new("streamiz_4_instances_4p", Partitions, new StreamizAsyncRun.Settings(Instances: Partitions)),
            new("dispatcher_1p", 1, null),
            new("dispatcher_4p", Partitions, null),
        ];
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var scenario in scenarios)
        {
            var run = context.Kafka.NewName("bench-async-");
            var input = run + "-in";
            context.Kafka.CreateTopic(input, scenario.Partitions);
            await using IAsyncDisposable runner = scenario.Streamiz is { } settings
                ? await StreamizAsyncRun.StartAsync(context, run, input, scenario.Partitions, settings, call)
                : await DispatcherRun.StartAsync(context, run, input, call);
            var (seconds, maxConcurrent, outOfOrder) = await MeasureAsync(context, input, users, perUser, call);
            figures[scenario.Id + ".seconds"] = seconds;
            figures[scenario.Id + ".calls_per_s"] = calls / seconds;
            figures[scenario.Id + ".max_concurrent_calls"] = maxConcurrent;
            figures[scenario.Id + ".per_user_order_held"] = outOfOrder == 0 ? 1 : 0;
            context.Log($"{scenario.Id}: {calls} calls in {seconds:0.00} s, at most {maxConcurrent} at once, {outOfOrder} out of order");
        }

        return figures;
    }

    /// <summary>
    /// Warms up with one call per user (sequence 1: connections, group joins, JIT; every partition gets a record), then
    /// produces sequences 2.. interleaved across users and times from the first produce to the last call finished.
    /// </summary>
    private static async Task<(double Seconds, int MaxConcurrent, int OutOfOrder)> MeasureAsync(BenchmarkContext context, string input, int users, int perUser, FakeExchangeCall call)
    {
        var config = context.Kafka.ClientFactory().ProducerConfig(input + "-producer");
        config.LingerMs = 1;
        config.Partitioner = Partitioner.Murmur2Random;
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var userIds = UserIds(users);
        call.Reset(1);
        foreach (var user in userIds)
        {
            producer.Produce(input, new Message<string, string> { Key = user, Value = "1" });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        if (!await call.WaitForAsync(users, TimeSpan.FromMinutes(2)))
        {
            throw new TimeoutException($"Warm-up: {call.Finished} of {users} calls finished.");
        }

        call.Reset(2);
        var started = Stopwatch.GetTimestamp();
        for (var sequence = 2; sequence < perUser + 2; sequence++)
        {
            foreach (var user in userIds)
            {
                producer.Produce(input, new Message<string, string> { Key = user, Value = sequence.ToString(CultureInfo.InvariantCulture) });
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        var total = users * perUser;
        if (!await call.WaitForAsync(total, TimeSpan.FromMinutes(3)))
        {
            throw new TimeoutException($"{call.Finished} of {total} calls finished.");
        }

        var seconds = Stopwatch.GetElapsedTime(started, call.LastFinishedAt).TotalSeconds;
        return (seconds, call.MaxRunning, call.OutOfOrder);
    }

    private static List<string> UserIds(int users) =>
        Enumerable.Range(0, users).Select(u => "user-" + u.ToString("000", CultureInfo.InvariantCulture)).ToList();

    private sealed record Scenario(string Id, int Partitions, StreamizAsyncRun.Settings? Streamiz);
}
