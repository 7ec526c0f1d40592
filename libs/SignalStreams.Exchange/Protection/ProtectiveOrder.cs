namespace SignalStreams.Exchange.Protection;

/// <summary>
/// A futures stop-loss or take-profit that can only reduce the position: <c>STOP_MARKET</c> / <c>TAKE_PROFIT_MARKET</c>
/// through <c>POST /fapi/v1/algoOrder</c> (algoType CONDITIONAL), executed at market when the trigger price is reached.
/// <see cref="Quantity"/> null = <c>closePosition=true</c> (close whatever the position is then).
/// </summary>
public sealed record ProtectiveOrder
{
    public required string Symbol { get; init; }

    /// <summary>The closing side: SELL protects a long, BUY a short.</summary>
    public required SignalStreams.Contracts.OrderSide Side { get; init; }

    public required ProtectionKind Kind { get; init; }

    /// <summary>On the symbol's tick (the exchange refuses other prices with -4014).</summary>
    public required decimal TriggerPrice { get; init; }

    /// <summary>Reduce-only quantity, on the symbol's step; null = close the whole position (closePosition).</summary>
    public decimal? Quantity { get; init; }

    /// <summary>Sent as clientAlgoId; see <see cref="ProtectiveOrderIds"/>.</summary>
    public required string ClientOrderId { get; init; }

    /// <summary>Trigger on the mark price (MARK_PRICE) rather than the last trade (CONTRACT_PRICE, Binance's default).</summary>
    public bool TriggerOnMarkPrice { get; init; }
}
