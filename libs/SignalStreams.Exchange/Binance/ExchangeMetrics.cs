using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SignalStreams.Exchange.Binance;

/// <summary>
/// Meter <c>SignalStreams.Exchange</c>: requests, order outcomes, lookups, rate-limit waits, and the last
/// X-MBX-USED-WEIGHT-* / X-MBX-ORDER-COUNT-* values per exchange host. Labels never carry keys or signatures.
/// </summary>
internal static class ExchangeMetrics
{
    public const string MeterName = "SignalStreams.Exchange";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<(string Host, string Interval), long> UsedWeight = new();
    private static readonly ConcurrentDictionary<(string Host, string Interval), long> OrderCount = new();

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("signalstreams.exchange.requests", description: "HTTP requests to the exchange by endpoint and status.");
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>("signalstreams.exchange.request.duration", "ms", "Duration of one HTTP request to the exchange.");
    public static readonly Counter<long> Orders = Meter.CreateCounter<long>("signalstreams.exchange.orders", description: "Order placements by market and outcome (placed, not_placed, unknown).");
    public static readonly Counter<long> Lookups = Meter.CreateCounter<long>("signalstreams.exchange.order.lookups", description: "Order lookups by origClientOrderId by result.");
    public static readonly Counter<long> RateLimited = Meter.CreateCounter<long>("signalstreams.exchange.rate_limited", description: "429/418 answers by host.");
    public static readonly Counter<long> ClockSyncs = Meter.CreateCounter<long>("signalstreams.exchange.clock_syncs", description: "Server-time synchronisations by host and reason.");

    static ExchangeMetrics()
    {
        Meter.CreateObservableGauge("signalstreams.exchange.used_weight", () => Observe(UsedWeight), description: "Last X-MBX-USED-WEIGHT-* header value by host and interval.");
        Meter.CreateObservableGauge("signalstreams.exchange.order_count", () => Observe(OrderCount), description: "Last X-MBX-ORDER-COUNT-* header value by host and interval.");
    }

    public static void RecordLimitHeaders(string host, HttpResponseMessage response)
    {
        foreach (var (name, values) in response.Headers)
        {
            if (name.StartsWith("X-MBX-USED-WEIGHT-", StringComparison.OrdinalIgnoreCase) && long.TryParse(values.FirstOrDefault(), out var weight))
            {
                UsedWeight[(host, name["X-MBX-USED-WEIGHT-".Length..].ToLowerInvariant())] = weight;
            }
            else if (name.StartsWith("X-MBX-ORDER-COUNT-", StringComparison.OrdinalIgnoreCase) && long.TryParse(values.FirstOrDefault(), out var count))
            {
                OrderCount[(host, name["X-MBX-ORDER-COUNT-".Length..].ToLowerInvariant())] = count;
            }
        }
    }

    /// <summary>The last used weight seen for a host and interval (e.g. "1m"), for tests and diagnostics.</summary>
    public static long? LastUsedWeight(string host, string interval) => UsedWeight.TryGetValue((host, interval), out var v) ? v : null;

    public static long? LastOrderCount(string host, string interval) => OrderCount.TryGetValue((host, interval), out var v) ? v : null;

    private static IEnumerable<Measurement<long>> Observe(ConcurrentDictionary<(string Host, string Interval), long> values) =>
        values.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>("host", pair.Key.Host), new KeyValuePair<string, object?>("interval", pair.Key.Interval)));
}
