using System.Diagnostics;
using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// The cost of the decision records (issue 15): one MODERATE signal fanned out by the real router to N paper users
/// (a quarter want STRONG and are filtered, a tenth have the bot off, the rest execute through the real executor);
/// counts what <c>execution-decisions</c> receives for it, per 1,000 users per fan-out, in records and bytes. Runs on
/// <see cref="BenchmarkPipeline"/>, the execution and latency benchmarks' set-up.
/// </summary>
public sealed class DecisionsBenchmark : IBenchmark
{
    public string Name => "decisions";

    public string Description => "one signal to 10,000 paper users (25% filtered by min-strength, 10% bot off, 65% executing): execution-decisions records and bytes written per 1,000 users per fan-out";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var users = context.Count(10_000);
        var run = Guid.NewGuid().ToString("N")[..8];
        var population = Enumerable.Range(0, users).Select(i => User($"bench-{run}-{i:D5}", i)).ToList();
        var executing = population.Count(u => u.BotEnabled && u.MinStrength <= SignalStrength.Moderate);
        using var redis = new RedisServerFixture();
        await using var pipeline = await BenchmarkPipeline.StartAsync(context, redis, population, cancellationToken);

        var signal = BenchmarkPipeline.NewSignal("bench-" + run, "ETHUSDT", 3500m) with { Strength = SignalStrength.Moderate };
        // The pipeline's warm-up user is considered (and filtered) too: only the population's decisions count.
        var keys = population.Select(u => ExecutionKeys.Of(signal.SignalId, u.UserId)).ToHashSet(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        await pipeline.PublishAsync(signal, cancellationToken);
        await pipeline.ExecutedAsync(signal.SignalId, executing, TimeSpan.FromMinutes(15), cancellationToken);

        // Every user decided: one decision per user considered (the executor's follow the executed records closely).
        var decisions = new List<TopicRecord>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            decisions = TopicReader.ReadAll(context.Kafka.BootstrapServers, pipeline.Topics.ExecutionDecisions).Where(r => r.Key is not null && keys.Contains(r.Key)).ToList();
            if (decisions.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count() >= users || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var parsed = decisions.Select(r => r.As(ContractsJsonContext.Default.ExecutionDecisionRecord)).ToList();
        var bytes = decisions.Sum(r => (double)(r.Value?.Length ?? 0) + (r.Key?.Length ?? 0));
        var perThousand = 1000.0 / users;
        context.Log($"{users} users: {decisions.Count} decision records ({parsed.Count(d => d.Stage == DecisionStage.Router)} router, {parsed.Count(d => d.Stage == DecisionStage.Executor)} executor) in {seconds:0.00} s");
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["users"] = users,
            ["users_decided"] = decisions.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count(),
            ["decision_records"] = decisions.Count,
            ["decision_records_per_1000_users_per_fanout"] = decisions.Count * perThousand,
            ["decision_bytes_per_1000_users_per_fanout"] = bytes * perThousand,
            ["decision_record_avg_bytes"] = decisions.Count == 0 ? 0 : bytes / decisions.Count,
            ["router_filtered_records_per_1000_users"] = parsed.Count(d => d.Stage == DecisionStage.Router) * perThousand,
            ["executor_records_per_1000_users"] = parsed.Count(d => d.Stage == DecisionStage.Executor) * perThousand,
            ["executed_decisions"] = parsed.Count(d => d.Verdict == DecisionVerdict.Executed),
            ["seconds_publish_to_every_decision"] = seconds,
        };
    }

    /// <summary>A quarter want STRONG (filtered: min-strength), a tenth have the bot off, the rest take MODERATE signals.</summary>
    private static UserSettings User(string userId, int i) => new()
    {
        UserId = userId,
        BotEnabled = i % 10 != 9,
        MinStrength = i % 4 == 0 ? SignalStrength.Strong : SignalStrength.Weak,
        Symbols = ["ETHUSDT"],
        Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = 100m },
        Leverage = 5,
        PaperTrading = true,
    };
}
