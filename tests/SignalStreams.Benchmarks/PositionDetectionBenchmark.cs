using System.Diagnostics;
using System.Diagnostics.Metrics;
using SignalStreams.Contracts;
using SignalStreams.SignalExecutor;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// 10,000 open futures positions (1,000 paper users × 10 ETHUSDT signals, so 1,000 user data streams), each with a
/// stop and a take-profit at the paper exchange, opened through the real router and executor on
/// <see cref="BenchmarkPipeline"/>; plus 10 users with one BTCUSDT position each. The BTCUSDT price moves through those
/// 10 stops (a few fills among 10,000 open positions), then the ETHUSDT price through all 10,000 stops at once. Measured:
/// fill → CLOSED record on <c>positions</c> (p50/p99/max, arrival times from a live tail) and the detection's request
/// weight, with the default budget (<c>Executor:ProtectionCheckWeightPerMinute</c> 1200 per host). User data streams are
/// on (<c>SIGNAL_STREAMS_BENCH_STREAMS=false</c>: order queries only, as before them); the query-only figures measured
/// before the streams existed are written beside them, as the JSON's <c>references</c>.
/// </summary>
public sealed class PositionDetectionBenchmark : IBenchmark
{
    private const int SignalsPerUser = 10;
    private const int Few = 10;

    public string Name => "position-detection";

    public string Description => "10,000 open futures positions (1,000 users × 10 signals, a user data stream each) + 10 on another symbol: price through those 10 stops, then through all 10,000 at once: fill → CLOSED p50/p99/max and request weight, beside the query-only figures";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var users = context.Count(1_000);
        var streams = Environment.GetEnvironmentVariable("SIGNAL_STREAMS_BENCH_STREAMS") != "false";
        var run = Guid.NewGuid().ToString("N")[..8];
        var population = Enumerable.Range(0, users).Select(i => BenchmarkPipeline.User($"bench-{run}-{i:D5}", "ETHUSDT")).ToList();
        var few = Enumerable.Range(0, Few).Select(i => BenchmarkPipeline.User($"bench-{run}-few-{i:D2}", "BTCUSDT")).ToList();
        using var redis = new RedisServerFixture();
        var settings = new Dictionary<string, string?>
        {
            ["Executor:UserDataStreams"] = streams ? "true" : "false",
            // The paper exchange limits no connections; at Binance's 300 per 5 minutes 1,010 streams take ~17 minutes to open.
            ["Executor:UserDataStreamConnectsPerMinute"] = "100000",
        };

        long weight = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ExecutorMetrics.MeterName && instrument.Name == "signal_streams.executor.protection_check_weight")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref weight, value));
        listener.Start();

        await using var pipeline = await BenchmarkPipeline.StartAsync(context, redis, population.Concat(few), settings, cancellationToken);
        using var positions = new PositionArrivals(context.Kafka.BootstrapServers, pipeline.Topics.Positions, pipeline.Topics.PartitionsOf(pipeline.Topics.Positions), pipeline.Settings);

        // Open: one signal at a time (each fanned out to every user), so the dispatcher's bulkheads are not the subject.
        var opening = Stopwatch.GetTimestamp();
        var signals = Enumerable.Range(0, SignalsPerUser)
            .Select(n => BenchmarkPipeline.NewSignal($"bench-pos-{run}-{n}", "ETHUSDT", 3500m) with { StopLoss = 3300m, TakeProfit = 3800m, ExpiresAt = DateTimeOffset.UtcNow.AddHours(2) })
            .Append(BenchmarkPipeline.NewSignal($"bench-pos-{run}-few", "BTCUSDT", 68000m) with { StopLoss = 67000m, TakeProfit = 70000m, ExpiresAt = DateTimeOffset.UtcNow.AddHours(2) })
            .ToList();
        var expected = 0;
        foreach (var signal in signals)
        {
            expected += signal.Symbol == "BTCUSDT" ? Few : users;
            await pipeline.PublishAsync(signal, cancellationToken);
            await UntilAsync(() => positions.Protected >= expected, TimeSpan.FromMinutes(20), $"{expected} protected positions", cancellationToken);
            context.Log($"{positions.Protected} positions protected after {Stopwatch.GetElapsedTime(opening).TotalSeconds:0} s");
        }

        var openSeconds = Stopwatch.GetElapsedTime(opening).TotalSeconds;
        if (streams)
        {
            await UntilAsync(() => pipeline.Exchange.Streams.Count >= users + Few, TimeSpan.FromMinutes(10), $"{users + Few} user data streams", cancellationToken);
        }

        var streamsOpen = pipeline.Exchange.Streams.Count;

        // The fallback's steady spend with every position open: half a minute, counted per minute.
        var steadyFrom = Interlocked.Read(ref weight);
        await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
        var steadyPerMinute = (Interlocked.Read(ref weight) - steadyFrom) * 2.0;
        context.Log($"{expected} positions open and protected in {openSeconds:0.0} s; {pipeline.Exchange.Streams.Count} streams; fallback weight {steadyPerMinute:0}/min");

        var fewTimes = await MoveAsync(pipeline, positions, "BTCUSDT", 66900m, few.Select(u => u.UserId), () => Interlocked.Read(ref weight), context, cancellationToken);
        var allTimes = await MoveAsync(pipeline, positions, "ETHUSDT", 3290m, population.Select(u => u.UserId), () => Interlocked.Read(ref weight), context, cancellationToken);

        var figures = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["user_data_streams"] = streams ? 1 : 0,
            ["open_positions"] = expected,
            ["users"] = users + Few,
            ["streams_connected_at_paper_exchange"] = streamsOpen,
            ["seconds_to_open_and_protect_all"] = openSeconds,
            ["stop_orders_at_exchange"] = pipeline.Exchange.Orders.All().Count(o => o.IsAlgo && o.Type == "STOP_MARKET"),
            ["weight_budget_per_minute"] = 1200,
            ["steady_detection_weight_per_minute"] = steadyPerMinute,
        };
        fewTimes.AddTo(figures, "few_");
        allTimes.AddTo(figures, "all_");

        // Measured 2026-12-01 before the user data streams (this benchmark at --scale 0.1: 1,000 positions, one signal,
        // queries only, check interval 5 s); a round over 10,000 futures positions costs 20,000 weight = 1,000 s at 1,200/min.
        context.Reference("query_only_measured_positions", 1000);
        context.Reference("query_only_measured_fill_to_closed_p50_ms", 43_600);
        context.Reference("query_only_measured_fill_to_closed_p99_ms", 93_500);
        context.Reference("query_only_measured_fill_to_closed_max_ms", 94_200);
        context.Reference("query_only_measured_weight_per_minute", 1_266);
        context.Reference("query_only_computed_10000_round_seconds", 20_000 / 1200.0 * 60);
        return figures;
    }

    /// <summary>Moves the price through the stops of <paramref name="userIds"/>' positions on <paramref name="symbol"/>; when each CLOSED record arrived.</summary>
    private static async Task<Detection> MoveAsync(BenchmarkPipeline pipeline, PositionArrivals positions, string symbol, decimal price, IEnumerable<string> userIds, Func<long> weight, BenchmarkContext context, CancellationToken cancellationToken)
    {
        var owners = userIds.ToHashSet(StringComparer.Ordinal);
        var count = positions.OpenOf(symbol, owners);
        var weightBefore = weight();
        var moved = DateTimeOffset.UtcNow;
        pipeline.Exchange.Prices.Set(symbol, price); // every stop fills now, before Set returns
        var setMs = (DateTimeOffset.UtcNow - moved).TotalMilliseconds;
        await UntilAsync(() => positions.ClosedOf(symbol, owners, moved).Count >= count, TimeSpan.FromMinutes(40), $"{count} {symbol} positions CLOSED", cancellationToken);
        var seconds = (DateTimeOffset.UtcNow - moved).TotalSeconds;
        var times = positions.ClosedOf(symbol, owners, moved).Select(a => (a - moved).TotalMilliseconds).Order().ToArray();
        var spent = weight() - weightBefore;
        context.Log($"{symbol}: {times.Length} of {count} CLOSED (stop-loss), last after {times[^1] / 1000:0.0} s; weight {spent}; Set took {setMs:0} ms");
        return new Detection(count, times, spent, seconds, setMs);
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private sealed record Detection(int Positions, double[] Times, long Weight, double Seconds, double SetMs)
    {
        public void AddTo(Dictionary<string, double> figures, string prefix)
        {
            figures[prefix + "positions_stopped"] = Positions;
            figures[prefix + "closed_records"] = Times.Length;
            figures[prefix + "fill_to_closed_record_p50_ms"] = Percentiles.Of(Times, 0.50);
            figures[prefix + "fill_to_closed_record_p99_ms"] = Percentiles.Of(Times, 0.99);
            figures[prefix + "fill_to_closed_record_max_ms"] = Times.Length > 0 ? Times[^1] : double.NaN;
            figures[prefix + "detection_weight_spent"] = Weight;
            figures[prefix + "detection_weight_per_minute"] = Weight / Math.Max(Seconds / 60, 1e-9);
            figures[prefix + "price_move_ms"] = SetMs;
        }
    }

    /// <summary>The positions topic followed live (<see cref="TopicReader.Follow"/>): latest version per key, and when each position's CLOSED (stop-loss) record arrived.</summary>
    private sealed class PositionArrivals(string bootstrap, string topic, int partitions, IReadOnlyDictionary<string, string?> settings) : IDisposable
    {
        private readonly TopicReader _reader = TopicReader.Follow(bootstrap, topic, partitions, ServiceClientSettings.Consumer(new Confluent.Kafka.ClientConfig(), settings));
        private readonly Dictionary<string, Position> _latest = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTimeOffset> _stopped = new(StringComparer.Ordinal);
        private int _read;

        public int Protected
        {
            get
            {
                CatchUp();
                return _latest.Values.Count(p => p.Status == PositionStatus.Open && p.StopLossOrderId is not null);
            }
        }

        public int OpenOf(string symbol, HashSet<string> users)
        {
            CatchUp();
            return _latest.Values.Count(p => p.Symbol == symbol && users.Contains(p.UserId) && p.Status == PositionStatus.Open);
        }

        public List<DateTimeOffset> ClosedOf(string symbol, HashSet<string> users, DateTimeOffset after)
        {
            CatchUp();
            return _latest.Values.Where(p => p.Symbol == symbol && users.Contains(p.UserId) && _stopped.ContainsKey(p.Key))
                .Select(p => _stopped[p.Key]).Where(t => t >= after).ToList();
        }

        public void Dispose() => _reader.Dispose();

        private void CatchUp()
        {
            var arrivals = _reader.ArrivalsFrom(_read);
            _read += arrivals.Count;
            foreach (var record in arrivals)
            {
                if (record.Value is null)
                {
                    continue;
                }

                var position = record.As(ContractsJsonContext.Default.Position);
                _latest[position.Key] = position;
                if (position is { Status: PositionStatus.Closed, CloseReason: PositionCloseReason.StopLoss })
                {
                    _stopped.TryAdd(position.Key, record.Arrived);
                }
            }
        }
    }
}
