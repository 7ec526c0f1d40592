using System.Diagnostics;
using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.Exchange.Binance;
using SignalStreams.Exchange.Credentials;
using SignalStreams.SignalExecutor.Dispatch;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// The exchange's own time for a fan-out: the same orders the executor sends for one signal (per user: a client on the
/// user's derived paper account, the plan, one MARKET order), by the project's exchange client to the same paper
/// exchange, at the executor's concurrency per endpoint, with no Kafka and no Redis.
/// </summary>
internal static class ExchangeAlone
{
    public static async Task<double> SecondsAsync(BenchmarkPipeline pipeline, string signalId, string symbol, decimal price, IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        using var meters = new TestMeterFactory();
        using var factory = new ExchangeClientFactory(meters, new ExchangeClientOptions());
        var paper = new ApiCredentials(BenchmarkPipeline.PaperKey, BenchmarkPipeline.PaperSecret);
        var signal = BenchmarkPipeline.NewSignal(signalId, symbol, price);
        var concurrency = new ExchangeDispatcherOptions().MaxInFlightPerEndpoint;
        var next = -1;
        var failed = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            while (Interlocked.Increment(ref next) is var i && i < userIds.Count)
            {
                var userId = userIds[i];
                var client = factory.Create(pipeline.Exchange.BaseUrl, PaperAccountKeys.Derive(paper, userId));
                var plan = await client.PlanMarketOrderAsync(signal, BenchmarkPipeline.User(userId, symbol), ClientOrderIds.For(signalId, userId), cancellationToken);
                var outcome = plan.Order is { } order ? await client.PlaceMarketOrderAsync(order, cancellationToken) : null;
                if (outcome is not OrderOutcome.Placed { ExecutedQuantity: > 0 })
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        pipeline.Context.Log($"{userIds.Count} orders by the exchange client alone (concurrency {concurrency}): {seconds:0.00} s, {failed} not filled; CPU {cpuMs / userIds.Count:0.00} ms per order");
        return failed == 0 ? seconds : throw new InvalidOperationException($"{failed} of {userIds.Count} orders sent without Kafka were not filled.");
    }
}
