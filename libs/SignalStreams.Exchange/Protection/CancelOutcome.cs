namespace SignalStreams.Exchange.Protection;

/// <summary>What a cancel achieved. Cancelling is idempotent, so an unanswered cancel is simply asked again.</summary>
public abstract record CancelOutcome
{
    private CancelOutcome()
    {
    }

    /// <summary>The order (or the OCO it belongs to) is cancelled now.</summary>
    public sealed record Cancelled(string OrderId, string ClientOrderId) : CancelOutcome;

    /// <summary>There was nothing open to cancel: unknown order, or it had already filled, expired or been cancelled (-2011).</summary>
    public sealed record NotOpen(int? Code, string? Msg) : CancelOutcome;

    /// <summary>The exchange could not be asked (after retries): try again later.</summary>
    public sealed record Unknown(string Reason) : CancelOutcome;
}
