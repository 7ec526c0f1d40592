namespace SignalStreams.Exchange;

/// <summary>
/// What became of an order: <see cref="Placed"/> (the exchange holds it), <see cref="NotPlaced"/> (it certainly does
/// not) or <see cref="Unknown"/> (it could not be found out; look it up again before any new attempt).
/// </summary>
public abstract record OrderOutcome
{
    private OrderOutcome()
    {
    }

    /// <summary>The exchange accepted the order.</summary>
    /// <param name="OrderId">The exchange's order id.</param>
    /// <param name="ClientOrderId">The newClientOrderId it was sent with.</param>
    /// <param name="Status">Binance status, normally FILLED for a MARKET order.</param>
    /// <param name="AveragePrice">Average fill price (cumulative quote / executed quantity); 0 when nothing filled yet.</param>
    /// <param name="ExecutedQuantity">Filled base quantity.</param>
    /// <param name="Leverage">Futures leverage in force for the order; 1 for spot; null when not known (found by lookup).</param>
    /// <param name="TransactTime">When the exchange executed it.</param>
    /// <param name="FoundByLookup">True when the first answer was lost and the order was found by origClientOrderId.</param>
    public sealed record Placed(
        string OrderId,
        string ClientOrderId,
        string Status,
        decimal AveragePrice,
        decimal ExecutedQuantity,
        int? Leverage,
        DateTimeOffset TransactTime,
        bool FoundByLookup = false) : OrderOutcome;

    /// <summary>The exchange refused the order or never received it; a later attempt cannot duplicate it.</summary>
    /// <param name="Reason">One sentence for people (goes to SignalExecution.failureReason).</param>
    /// <param name="Code">Binance's error code when it gave one.</param>
    /// <param name="Msg">Binance's msg when it gave one.</param>
    /// <param name="RetryAfter">Set after 429/418: do not send again before this has passed.</param>
    public sealed record NotPlaced(string Reason, int? Code = null, string? Msg = null, TimeSpan? RetryAfter = null) : OrderOutcome;

    /// <summary>The order may or may not exist (timeout, 5xx, and lookups failed too). Never resend blindly: look it up.</summary>
    public sealed record Unknown(string Reason) : OrderOutcome;
}
