using System.Diagnostics.Metrics;
using SignalStreams.Contracts;

namespace SignalStreams.PaperExchange;

/// <summary>Meter <c>SignalStreams.PaperExchange</c>, served on /metrics: orders by market and result (accepted, refused), injected faults by kind.</summary>
internal sealed class PaperExchangeMetrics
{
    public const string MeterName = "SignalStreams.PaperExchange";

    private readonly Counter<long> _orders;
    private readonly Counter<long> _faults;

    public PaperExchangeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _orders = meter.CreateCounter<long>("signal_streams.paper_exchange.orders", "{order}", "Orders placed (order lists count once) by market (SPOT, FUTURES) and result (accepted, refused).");
        _faults = meter.CreateCounter<long>("signal_streams.paper_exchange.faults", "{fault}", "Injected faults applied, by kind.");
    }

    public void Order(MarketType market, bool accepted) =>
        _orders.Add(1, new KeyValuePair<string, object?>("market", market == MarketType.Spot ? "SPOT" : "FUTURES"), new KeyValuePair<string, object?>("result", accepted ? "accepted" : "refused"));

    public void Fault(string kind) => _faults.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
