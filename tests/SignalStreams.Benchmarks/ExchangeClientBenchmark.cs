using System.Diagnostics;
using System.Globalization;
using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.Exchange.Binance;
using SignalStreams.Exchange.Credentials;
using SignalStreams.PaperExchange;

using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// Signed MARKET orders per second the exchange client sustains against an in-process paper exchange (both share
/// this machine's cores, so the figure is a floor for the client), at several concurrency levels.
/// </summary>
public sealed class ExchangeClientBenchmark : IBenchmark
{
    private static readonly int[] Concurrency = [1, 8, 32];

    public string Name => "exchange-client";

    public string Description => "signed spot MARKET orders/s and per-order latency, client -> in-process paper exchange over HTTP";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        const string key = "bench-key-0c1d2e3f4a5b";
        const string secret = "bench-secret-9f8e7d6c5b4a";
        await using var exchange = await PaperExchangeApp.StartAsync(new Dictionary<string, string?>
        {
            ["PaperExchange:Accounts:0:ApiKey"] = key,
            ["PaperExchange:Accounts:0:ApiSecret"] = secret,
            ["PaperExchange:Accounts:0:Balances:USDT"] = "1000000000",
            ["PaperExchange:PriceMode"] = "Fixed",
        }, cancellationToken: cancellationToken);
        using var meters = new TestMeterFactory();
        using var factory = new ExchangeClientFactory(meters, new ExchangeClientOptions());
        var client = factory.Create(exchange.BaseUrl, new ApiCredentials(key, secret));
        var orders = context.Count(2000);
        var figures = new Dictionary<string, double> { ["orders_per_level"] = orders };

        // Warm-up: time sync, JIT, connections.
        await RunLevelAsync(client, "warm", 50, 4, cancellationToken);
        foreach (var level in Concurrency)
        {
            var before = exchange.Orders.Count;
            var (elapsed, latencies, placed) = await RunLevelAsync(client, "c" + level.ToString(CultureInfo.InvariantCulture), orders, level, cancellationToken);
            latencies.Sort();
            figures[$"c{level}_orders_per_s"] = orders / elapsed.TotalSeconds;
            figures[$"c{level}_p50_ms"] = latencies[latencies.Count / 2];
            figures[$"c{level}_p99_ms"] = latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.99))];
            figures[$"c{level}_placed"] = placed;
            figures[$"c{level}_orders_at_exchange"] = exchange.Orders.Count - before;
            context.Log($"concurrency {level}: {orders / elapsed.TotalSeconds:0} orders/s");
        }

        return figures;
    }

    private static async Task<(TimeSpan Elapsed, List<double> LatenciesMs, int Placed)> RunLevelAsync(IExchangeClient client, string tag, int count, int concurrency, CancellationToken cancellationToken)
    {
        var next = -1;
        var placed = 0;
        var latencies = new List<double>(count);
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var order = new MarketOrder
                {
                    Market = MarketType.Spot,
                    Symbol = "BTCUSDT",
                    Side = OrderSide.Buy,
                    Quantity = 0.0001m,
                    QuantityText = "0.00010",
                    ClientOrderId = $"bench-{tag}-{next}",
                };
                var one = Stopwatch.GetTimestamp();
                var outcome = await client.PlaceMarketOrderAsync(order, cancellationToken);
                var ms = Stopwatch.GetElapsedTime(one).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(ms);
                    placed += outcome is OrderOutcome.Placed ? 1 : 0;
                }
            }
        });
        await Task.WhenAll(workers);
        return (Stopwatch.GetElapsedTime(started), latencies, placed);
    }
}
