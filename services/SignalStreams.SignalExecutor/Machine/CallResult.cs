using SignalStreams.Exchange;
using SignalStreams.Redis;

namespace SignalStreams.SignalExecutor.Machine;

/// <summary>What an exchange call found out, in the machine's terms.</summary>
public abstract record CallResult
{
    private CallResult()
    {
    }

    /// <summary>The order exists and has filled (placed now, or found by a lookup).</summary>
    public sealed record Filled(OrderOutcome.Placed Order) : CallResult;

    /// <summary>Clearly no order: the exchange or the plan refused it, or the order ended without a fill.</summary>
    public sealed record Rejected(string Reason, string? Details) : CallResult;

    /// <summary>A lookup found no order with the clientOrderId (which may still be on its way: eventual consistency).</summary>
    public sealed record NotFound(string Reason) : CallResult;

    /// <summary>Nothing is known (timeout, 5xx, not filled yet, claim held elsewhere, no slot): look it up later.</summary>
    public sealed record Unknown(string Reason, TimeSpan? RetryAfter = null) : CallResult;

    /// <summary>What was sent before a confirm call (the position) is durable.</summary>
    public sealed record Confirmed : CallResult;

    /// <summary>The answer of a claim call: what Redis found for the pair.</summary>
    public sealed record Claimed(ClaimStatus Status, string? DoneStatus = null) : CallResult;

    /// <summary>Redis says another instance finished the pair with this status, and a lookup did not find an order.</summary>
    public sealed record SettledElsewhere(string Status) : CallResult;
}
