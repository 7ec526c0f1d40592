using System.Diagnostics.Metrics;

namespace SignalStreams.PaperExchange;

/// <summary>Meter <c>SignalStreams.PaperExchange</c>, served on /metrics: orders by market and result, injected faults by kind.</summary>
internal sealed class PaperExchangeMetrics
{
    public const string MeterName = "SignalStreams.PaperExchange";

    private readonly Counter<long> _orders;
    private readonly Counter<long> _faults;

    public PaperExchangeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _orders = meter.CreateCounter<long>("signal_streams.paper_exchange.orders", "{order}", "MARKET orders by market and result (filled, refused).");
        _faults = meter.CreateCounter<long>("signal_streams.paper_exchange.faults", "{fault}", "Injected faults applied, by kind.");
    }

    public void Order(string market, bool filled) =>
        _orders.Add(1, new KeyValuePair<string, object?>("market", market), new KeyValuePair<string, object?>("result", filled ? "filled" : "refused"));

    public void Fault(string kind) => _faults.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
