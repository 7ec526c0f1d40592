namespace SignalStreams.Exchange.Protection;

/// <summary>
/// A stop-loss or take-profit executed at market when its trigger price is reached. Futures (the default): a
/// reduce-only <c>STOP_MARKET</c> / <c>TAKE_PROFIT_MARKET</c> through <c>POST /fapi/v1/algoOrder</c> (algoType
/// CONDITIONAL); <see cref="Quantity"/> null = <c>closePosition=true</c> (close whatever the position is then). Spot: a
/// single <c>STOP_LOSS</c> / <c>TAKE_PROFIT</c> through <c>POST /api/v3/order</c> (a holding with one target price;
/// both prices make an <see cref="OcoOrder"/>), which needs <see cref="Quantity"/>.
/// </summary>
public sealed record ProtectiveOrder
{
    public SignalStreams.Contracts.MarketType Market { get; init; } = SignalStreams.Contracts.MarketType.Futures;

    public required string Symbol { get; init; }

    /// <summary>The closing side: SELL protects a long, BUY a short.</summary>
    public required SignalStreams.Contracts.OrderSide Side { get; init; }

    public required ProtectionKind Kind { get; init; }

    /// <summary>On the symbol's tick (the exchange refuses other prices with -4014).</summary>
    public required decimal TriggerPrice { get; init; }

    /// <summary>Reduce-only quantity, on the symbol's step; null = close the whole position (closePosition).</summary>
    public decimal? Quantity { get; init; }

    /// <summary>Sent as clientAlgoId (futures) or newClientOrderId (spot); see <see cref="ProtectiveOrderIds"/>.</summary>
    public required string ClientOrderId { get; init; }

    /// <summary>Trigger on the mark price (MARK_PRICE) rather than the last trade (CONTRACT_PRICE, Binance's default).</summary>
    public bool TriggerOnMarkPrice { get; init; }
}
