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

    /// <summary>The protective orders exist at the exchange with these trigger prices (null: none of that kind was placed).</summary>
    public sealed record Protected(decimal? StopLoss, decimal? TakeProfit, string? Note = null) : CallResult;

    /// <summary>The exchange refused a protective order because its trigger is already reached: close at market.</summary>
    public sealed record Crossed(SignalStreams.Contracts.PositionCloseReason Kind, string Note) : CallResult;

    /// <summary>
    /// The position's exit is known: the close order filled (<paramref name="By"/> null), or a protective order
    /// filled (<paramref name="By"/> stop-loss / take-profit).
    /// </summary>
    public sealed record Exited(decimal Price, decimal Quantity, DateTimeOffset At, SignalStreams.Contracts.PositionCloseReason? By) : CallResult;

    /// <summary>A check found the protective orders still working (or nothing to report).</summary>
    public sealed record StillOpen(string? Problem = null) : CallResult;

    /// <summary>The exchange holds no position to close and no order of ours explains it (closed elsewhere).</summary>
    public sealed record Gone(string Note) : CallResult;

    /// <summary>Redis says another instance finished the pair with this status, and a lookup did not find an order.</summary>
    public sealed record SettledElsewhere(string Status) : CallResult;
}
