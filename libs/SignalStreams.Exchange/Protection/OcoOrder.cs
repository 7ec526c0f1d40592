namespace SignalStreams.Exchange.Protection;

/// <summary>
/// A spot OCO protecting a holding (<c>POST /api/v3/orderList/oco</c>): a LIMIT_MAKER take-profit on one side of the
/// price and a STOP_LOSS (market) — or STOP_LOSS_LIMIT when <see cref="StopLimitPrice"/> is set — on the other.
/// SELL protects a holding bought earlier: take-profit above, stop below.
/// </summary>
public sealed record OcoOrder
{
    public required string Symbol { get; init; }
    public required SignalStreams.Contracts.OrderSide Side { get; init; }

    /// <summary>Both legs' quantity, on the symbol's step.</summary>
    public required decimal Quantity { get; init; }

    public required decimal TakeProfitPrice { get; init; }
    public required decimal StopPrice { get; init; }
    public decimal? StopLimitPrice { get; init; }

    /// <summary>listClientOrderId; the legs get <see cref="ProtectiveOrderIds.OcoLegs"/>.</summary>
    public required string ListClientOrderId { get; init; }
}
