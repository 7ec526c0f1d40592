using Confluent.Kafka;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Sdk;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// Issue 14's figures, measured side by side in one run: publish→executed for one user on an idle system, one signal
/// to 1,000 and to 10,000 users (next to the exchange's own time for the same orders and a raw Kafka round trip of as
/// many records), and an MT5 position to its Telegram message. Router + executor run in one
/// <see cref="BenchmarkPipeline"/> (every user written up front, one symbol per group, so each signal reaches exactly
/// its group); mt5-ingest runs as in <see cref="Mt5IngestBenchmark"/>. <c>--scale</c> (or SIGNAL_STREAMS_BENCH_SCALE)
/// scales the user counts; the figure names stay those of the full run, and the JSON's <c>scale</c> says which it was.
/// </summary>
public sealed class LatencyBenchmark : IBenchmark
{
    private const int SingleUserSignals = 50;
    private const int Mt5Positions = 50;

    public string Name => "latency";

    public string Description => "publish→executed for 1 user (p50/p99), 1,000 and 10,000 users (vs the exchange alone and a raw Kafka round trip), MT5 position→Telegram p50";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        using var redis = new RedisServerFixture();
        var prefix = "lat-" + Guid.NewGuid().ToString("N")[..6];
        var solo = prefix + "-solo";
        var thousand = Enumerable.Range(0, context.Count(1_000)).Select(i => $"{prefix}-k{i:D5}").ToList();
        var tenThousand = Enumerable.Range(0, context.Count(10_000)).Select(i => $"{prefix}-m{i:D5}").ToList();
        var users = thousand.Select(u => (u, "ETHUSDT")).Concat(tenThousand.Select(u => (u, "BTCUSDT"))).Append((solo, "SOLUSDT"));
        await using (var pipeline = await BenchmarkPipeline.StartAsync(context, redis, users, cancellationToken))
        {
            context.Log($"router and executor warm; {thousand.Count + tenThousand.Count + 1} users");
            var single = await SingleUserAsync(pipeline, solo, cancellationToken);
            figures["single_user.publish_to_executed_p50_ms"] = Percentiles.Of(single, 0.50);
            figures["single_user.publish_to_executed_p99_ms"] = Percentiles.Of(single, 0.99);

            var recordsBefore = ExecutorRecords(pipeline);
            FanOut k;
            using (var timeline = Environment.GetEnvironmentVariable("SIGNAL_STREAMS_BENCH_TRACE") == "1" ? new ActivityTimeline() : null)
            {
                // Spans of a fan-out only when asked for: recording every span of 1,000 users costs the run some time.
                var started = DateTimeOffset.UtcNow;
                k = await FanOut.RunAsync(pipeline, prefix + "-k", "ETHUSDT", 3500m, thousand, cancellationToken);
                timeline?.Log(context, [(started, DateTimeOffset.UtcNow)]);
            }

            figures["users_1000.seconds_publish_to_last_executed"] = k.Seconds;
            // The 1,000 users' own references: the exchange's time for their orders, and Kafka's for their records.
            context.Reference("users_1000.exchange_alone_seconds", await ExchangeAlone.SecondsAsync(pipeline, prefix + "-kalone", "ETHUSDT", 3500m, thousand, cancellationToken));
            context.Reference("users_1000.raw_kafka_round_trip_seconds", RawKafkaRoundTrip.Seconds(context, pipeline.Clients, pipeline.Settings, pipeline.Run + "k", thousand.Count, k.RecordSize));
            var recordsAfter = ExecutorRecords(pipeline);
            context.Log($"{thousand.Count} users: Kafka records the executor wrote per user: " + string.Join(", ", recordsAfter.Select(e => $"{e.Key} {(e.Value - recordsBefore[e.Key]) / (double)thousand.Count:0.00}")));

            using (var watermarks = new ConsumerBuilder<byte[], byte[]>(pipeline.Clients.ConsumerConfig("bench-idle-m" + pipeline.Run, "bench-idle")).Build())
            {
                context.Log($"waited {await UntilDecisionsWrittenAsync(pipeline, watermarks, cancellationToken):0} ms for the 1,000 users' fan-out's filtered decisions to be written");
            }

            var m = await FanOut.RunAsync(pipeline, prefix + "-m", "BTCUSDT", 68000m, tenThousand, cancellationToken);
            var alone = await ExchangeAlone.SecondsAsync(pipeline, prefix + "-alone", "BTCUSDT", 68000m, tenThousand, cancellationToken);
            var roundTrip = RawKafkaRoundTrip.Seconds(context, pipeline.Clients, pipeline.Settings, pipeline.Run, tenThousand.Count, m.RecordSize);
            context.Log($"{tenThousand.Count} records: raw Kafka round trip in {roundTrip:0.00} s");
            figures["users_10000.seconds_publish_to_last_executed"] = m.Seconds;
            figures["users_10000.publish_to_executed_p50_ms"] = Percentiles.Of(m.FromPublishMs, 0.50);
            figures["users_10000.duplicate_orders"] = m.DuplicateOrders;
            figures["users_10000.exchange_alone_seconds"] = alone;
            figures["users_10000.ratio_to_exchange_alone"] = m.Seconds / alone;
            figures["users_10000.raw_kafka_round_trip_seconds"] = roundTrip;
        }

        figures["mt5.new_position_to_telegram_sent_p50_ms"] = Percentiles.Of(await Mt5Async(context, redis, cancellationToken), 0.50);
        return figures;
    }

    /// <summary>Records on every topic the executor writes (outputs and its stores' changelogs), by topic.</summary>
    private static Dictionary<string, int> ExecutorRecords(BenchmarkPipeline pipeline)
    {
        var application = pipeline.Topics.Name(SignalExecutor.Topology.ExecutorTopology.ApplicationId);
        string[] topics = [pipeline.Topics.SignalExecutions, pipeline.Topics.Positions, $"{application}-{SignalExecutor.Topology.ExecutorTopology.ExecutionsStore}-changelog", $"{application}-{SignalExecutor.Topology.ExecutorTopology.IndexStore}-changelog"];
        return topics.ToDictionary(t => t[pipeline.Topics.Prefix.Length..], t => TopicReader.ReadAll(pipeline.Context.Kafka.BootstrapServers, t, TimeSpan.FromSeconds(30)).Count, StringComparer.Ordinal);
    }

    /// <summary>Signals one after another, each to the one user of its symbol, through the SDK: acknowledged publish → executed record read back.</summary>
    private static async Task<double[]> SingleUserAsync(BenchmarkPipeline pipeline, string userId, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSignalPublisher(kafka =>
            {
                kafka.BootstrapServers = pipeline.Context.Kafka.BootstrapServers;
                kafka.TopicPrefix = pipeline.Topics.Prefix;
            });
        await using var provider = services.BuildServiceProvider();
        var publisher = provider.GetRequiredService<SignalPublisher>();
        using var timeline = new ActivityTimeline();
        var latencies = new List<double>(SingleUserSignals);
        var runs = new List<(string SignalId, string UserId, DateTimeOffset Acknowledged, DateTimeOffset Arrived)>(SingleUserSignals);
        using var watermarks = new ConsumerBuilder<byte[], byte[]>(pipeline.Clients.ConsumerConfig("bench-idle-" + pipeline.Run, "bench-idle")).Build();
        var idleWaits = new List<double>(SingleUserSignals);
        for (var i = 0; i < SingleUserSignals; i++)
        {
            // "On an idle system": each signal filters the other 11,000 users, and the router writes their decisions
            // after the command (Router:DecisionChunkSize at a time); the next signal is published once they are all
            // written, so it measures one signal's path, not the previous signal's backlog.
            idleWaits.Add(await UntilDecisionsWrittenAsync(pipeline, watermarks, cancellationToken));
            var signal = BenchmarkPipeline.NewSignal($"{pipeline.Run}-solo-{i}", "SOLUSDT", 150m);
            var ack = Stopwatch.GetTimestamp();
            await publisher.PublishAsync(signal, cancellationToken);
            var acknowledged = DateTimeOffset.UtcNow;
            var publishMs = Stopwatch.GetElapsedTime(ack).TotalMilliseconds;
            var arrival = (await pipeline.ExecutedAsync(signal.SignalId, 1, TimeSpan.FromMinutes(1), cancellationToken))[0];
            latencies.Add((arrival.Arrived - acknowledged).TotalMilliseconds);
            runs.Add((signal.SignalId, userId, acknowledged, arrival.Arrived));
            if (i < 3 || i == SingleUserSignals - 1)
            {
                pipeline.Context.Log($"single user #{i}: publish acknowledged in {publishMs:0.0} ms, executed record {latencies[^1]:0.0} ms later");
            }
        }

        idleWaits.Add(await UntilDecisionsWrittenAsync(pipeline, watermarks, cancellationToken));
        pipeline.Context.Log($"single user: waited a median {Percentiles.Of(idleWaits.Order().ToArray(), 0.5):0} ms before each signal for the previous one's 11,000 filtered decisions to be written");
        var (orders, duplicates) = (0, 0);
        for (var i = 0; i < SingleUserSignals; i++)
        {
            var (o, d) = pipeline.OrdersOf($"{pipeline.Run}-solo-{i}", [userId]);
            (orders, duplicates) = (orders + o, duplicates + d);
        }

        pipeline.Context.Log($"single user: {SingleUserSignals} signals, {orders} orders ({duplicates} duplicates); median per hop:");
        foreach (var (hop, ms) in HopBreakdown.Of(pipeline, runs))
        {
            pipeline.Context.Log($"  {hop,-50} {ms,8:0.0} ms");
        }

        pipeline.Context.Log("spans (median start after the acknowledged publish, median duration, per run):");
        timeline.Log(pipeline.Context, runs.Select(r => (r.Acknowledged, r.Arrived)).ToList());
        return latencies.Order().ToArray();
    }

    /// <summary>Waits until the decisions topic has stopped growing (its end offsets unchanged for 60 ms); returns the ms waited.</summary>
    private static async Task<double> UntilDecisionsWrittenAsync(BenchmarkPipeline pipeline, IConsumer<byte[], byte[]> consumer, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var topic = pipeline.Topics.ExecutionDecisions;
        var partitions = pipeline.Topics.PartitionsOf(topic);
        long End() => Enumerable.Range(0, partitions).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
        var (last, stableSince) = (End(), Stopwatch.GetTimestamp());
        while (Stopwatch.GetElapsedTime(stableSince).TotalMilliseconds < 60 && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(15, cancellationToken);
            var now = End();
            if (now != last)
            {
                (last, stableSince) = (now, Stopwatch.GetTimestamp());
            }
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>New positions posted one after another to one mt5-ingest instance: webhook post → message at the fake Telegram.</summary>
    private static async Task<double[]> Mt5Async(BenchmarkContext context, RedisServerFixture redis, CancellationToken cancellationToken)
    {
        var topics = new TopicNames("bench-mt5lat-" + Guid.NewGuid().ToString("N")[..6] + "-");
        context.Kafka.CreateTopics(topics);
        await using var telegram = await FakeTelegramServer.StartAsync(null, cancellationToken);
        var (app, url) = await Mt5IngestBenchmark.StartAsync(Mt5IngestBenchmark.Settings(context, redis, telegram, topics));
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var latencies = new List<double>(Mt5Positions);
            for (var i = -3; i < Mt5Positions; i++)
            {
                // The first three warm up (group join, first Telegram connection) and are not counted.
                var before = telegram.Messages.Count;
                var posted = DateTimeOffset.UtcNow;
                await Mt5IngestBenchmark.PostAsync(http, url, Mt5IngestBenchmark.Event(2_000_000 + i));
                await Eventually.UntilAsync(() => telegram.Messages.Count > before, "the position's Telegram message", TimeSpan.FromMinutes(2));
                if (i >= 0)
                {
                    latencies.Add((telegram.Messages[before].SentAt - posted).TotalMilliseconds);
                }
            }

            context.Log($"mt5: {Mt5Positions} positions, post → Telegram p50 {Percentiles.Of(latencies.Order().ToArray(), 0.5):0.0} ms");
            return latencies.Order().ToArray();
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
