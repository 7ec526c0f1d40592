using SignalStreams.Contracts;

namespace SignalStreams.PaperExchange.State;

/// <summary>An order the paper exchange accepted. <see cref="ApiKeyHint"/> tells accounts apart without showing the key.</summary>
public sealed record PaperOrder
{
    public required long OrderId { get; init; }
    public required MarketType Market { get; init; }
    public required string ApiKeyHint { get; init; }
    public required string Symbol { get; init; }
    public required OrderSide Side { get; init; }
    public string Type { get; init; } = "MARKET";
    public required decimal Quantity { get; init; }
    public required string ClientOrderId { get; init; }

    /// <summary>NEW while open (during the fill latency), then FILLED.</summary>
    public required string Status { get; init; }
    public decimal ExecutedQuantity { get; init; }
    public decimal AveragePrice { get; init; }
    public decimal CumulativeQuote { get; init; }

    /// <summary>Futures leverage in force; null for spot.</summary>
    public int? Leverage { get; init; }

    /// <summary>Exchange time of acceptance, ms since the epoch.</summary>
    public required long Time { get; init; }
    public long UpdateTime { get; init; }

    internal string ApiKey { get; init; } = "";

    public bool IsOpen => Status is "NEW" or "PARTIALLY_FILLED";
}
