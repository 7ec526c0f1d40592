using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SignalStreams.Exchange.Binance;

/// <summary>
/// Meter <c>SignalStreams.Exchange</c>: requests, order outcomes, lookups, rate-limit waits, and the last
/// X-MBX-USED-WEIGHT-* / X-MBX-ORDER-COUNT-* values per exchange host. Labels never carry keys or signatures.
/// </summary>
internal sealed class ExchangeMetrics
{
    public const string MeterName = "SignalStreams.Exchange";

    private readonly ConcurrentDictionary<(string Host, string Interval), long> _usedWeight = new();
    private readonly ConcurrentDictionary<(string Host, string Interval), long> _orderCount = new();

    public ExchangeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        Requests = meter.CreateCounter<long>("signal_streams.exchange.requests", "{request}", "HTTP requests to the exchange by endpoint and status.");
        RequestDuration = meter.CreateHistogram<double>("signal_streams.exchange.request.duration", "ms", "Duration of one HTTP request to the exchange.");
        Orders = meter.CreateCounter<long>("signal_streams.exchange.orders", "{order}", "Order placements by market and outcome (placed, not_placed, unknown).");
        Lookups = meter.CreateCounter<long>("signal_streams.exchange.order.lookups", "{lookup}", "Order lookups by origClientOrderId by result.");
        RateLimited = meter.CreateCounter<long>("signal_streams.exchange.rate_limited", "{answer}", "429/418 answers by host.");
        ClockSyncs = meter.CreateCounter<long>("signal_streams.exchange.clock_syncs", "{sync}", "Server-time synchronisations by host and reason.");
        meter.CreateObservableGauge("signal_streams.exchange.used_weight", () => Observe(_usedWeight), "{weight}", "Last X-MBX-USED-WEIGHT-* header value by host and interval.");
        meter.CreateObservableGauge("signal_streams.exchange.order_count", () => Observe(_orderCount), "{order}", "Last X-MBX-ORDER-COUNT-* header value by host and interval.");
    }

    public Counter<long> Requests { get; }

    public Histogram<double> RequestDuration { get; }

    public Counter<long> Orders { get; }

    public Counter<long> Lookups { get; }

    public Counter<long> RateLimited { get; }

    public Counter<long> ClockSyncs { get; }

    public void RecordLimitHeaders(string host, HttpResponseMessage response)
    {
        foreach (var (name, values) in response.Headers)
        {
            if (name.StartsWith("X-MBX-USED-WEIGHT-", StringComparison.OrdinalIgnoreCase) && long.TryParse(values.FirstOrDefault(), out var weight))
            {
                _usedWeight[(host, name["X-MBX-USED-WEIGHT-".Length..].ToLowerInvariant())] = weight;
            }
            else if (name.StartsWith("X-MBX-ORDER-COUNT-", StringComparison.OrdinalIgnoreCase) && long.TryParse(values.FirstOrDefault(), out var count))
            {
                _orderCount[(host, name["X-MBX-ORDER-COUNT-".Length..].ToLowerInvariant())] = count;
            }
        }
    }

    private static IEnumerable<Measurement<long>> Observe(ConcurrentDictionary<(string Host, string Interval), long> values) =>
        values.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>("host", pair.Key.Host), new KeyValuePair<string, object?>("interval", pair.Key.Interval)));
}
