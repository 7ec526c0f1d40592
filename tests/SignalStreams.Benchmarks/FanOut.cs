using System.Diagnostics;
using SignalStreams.Contracts;

namespace SignalStreams.Benchmarks;

/// <summary>One signal to every user of its symbol through an <see cref="BenchmarkPipeline"/>, timed from the acknowledged publish.</summary>
internal sealed record FanOut(int Executed, int Orders, int DuplicateOrders, double Seconds, double[] FromPublishMs, double[] RecordLatencyMs, int RecordSize)
{
    public static async Task<FanOut> RunAsync(BenchmarkPipeline pipeline, string signalId, string symbol, decimal price, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var signal = BenchmarkPipeline.NewSignal(signalId, symbol, price);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await pipeline.PublishAsync(signal, cancellationToken);
        var published = DateTimeOffset.UtcNow;
        var arrivals = await pipeline.ExecutedAsync(signal.SignalId, userIds.Count, TimeSpan.FromMinutes(15), cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var (orders, duplicates) = pipeline.OrdersOf(signal.SignalId, userIds);
        pipeline.Context.Log($"{userIds.Count} users: {arrivals.Count} executed in {seconds:0.00} s, {orders} orders ({duplicates} duplicates); CPU of this process (services, exchange, mock broker) {cpuMs / userIds.Count:0.00} ms per user");
        return new FanOut(
            arrivals.Count,
            orders,
            duplicates,
            seconds,
            arrivals.Select(a => (a.Arrived - published).TotalMilliseconds).Order().ToArray(),
            arrivals.Select(a => (double)(a.As(ContractsJsonContext.Default.SignalExecution).Latency ?? 0)).Order().ToArray(),
            arrivals[0].Value!.Length);
    }
}
