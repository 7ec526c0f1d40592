using SignalStreams.Contracts;

namespace SignalStreams.Exchange;

/// <summary>
/// A MARKET order ready to send: the quantity is already rounded to the symbol's step and checked against its
/// filters (see <see cref="Planning.OrderPlanner"/>). <see cref="QuantityText"/> is exactly what is sent.
/// </summary>
public sealed record MarketOrder
{
    public required MarketType Market { get; init; }
    public required string Symbol { get; init; }
    public required OrderSide Side { get; init; }
    public required decimal Quantity { get; init; }

    /// <summary>The quantity printed with the step's number of decimals, e.g. "0.00150" for step 0.00001.</summary>
    public required string QuantityText { get; init; }

    /// <summary>Sent as <c>newClientOrderId</c>; at most 32 of <c>[A-Za-z0-9_-]</c> (Contracts <c>ClientOrderIds</c>).</summary>
    public required string ClientOrderId { get; init; }

    /// <summary>Futures only: set with POST /fapi/v1/leverage before the order. Null = leave the account's setting.</summary>
    public int? Leverage { get; init; }

    /// <summary>Futures only: sent as <c>reduceOnly=true</c>, so the order can only reduce the position (closing a position).</summary>
    public bool ReduceOnly { get; init; }

    /// <summary>The price the plan was made at, for information (slippage is computed by the caller).</summary>
    public decimal? ReferencePrice { get; init; }
}
