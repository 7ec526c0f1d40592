using System.Diagnostics.Metrics;

namespace SignalStreams.PaperExchange;

/// <summary>Meter <c>SignalStreams.PaperExchange</c>, served on /metrics.</summary>
internal static class PaperExchangeMetrics
{
    private static readonly Meter Meter = new("SignalStreams.PaperExchange");

    public static readonly Counter<long> Orders = Meter.CreateCounter<long>("signalstreams.paper_exchange.orders", description: "MARKET orders by market and result (filled, refused).");

    public static readonly Counter<long> Faults = Meter.CreateCounter<long>("signalstreams.paper_exchange.faults", description: "Injected faults applied, by kind.");
}
