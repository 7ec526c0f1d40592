using SignalStreams.Contracts;

namespace SignalStreams.SignalExecutor.Machine;

/// <summary>What a call does at the exchange.</summary>
public enum ExchangeCallKind
{
    /// <summary>Plan and send the MARKET order (after a lookup first when <see cref="ExchangeCall.LookupFirst"/>).</summary>
    Place,

    /// <summary>Look the order up by clientOrderId; never sends an order.</summary>
    Lookup,

    /// <summary>Take the pair's Redis claim before anything is recorded (a new attempt); calls no exchange.</summary>
    Claim,

    /// <summary>Wait until everything sent before it (the OPEN position) is durable; calls nothing.</summary>
    Confirm,

    /// <summary>Look each protective order up by clientOrderId and place the missing ones (never a second of any).</summary>
    Protect,

    /// <summary>Cancel the protective orders, look the close order up, and (when allowed) place the reduce-only market order.</summary>
    Close,

    /// <summary>Ask the exchange whether a protective order has filled (reads only).</summary>
    Check,
}

/// <summary>
/// One exchange call the machine asks for, carrying everything the call needs so that it runs off the stream thread
/// without reading any store. <paramref name="Number"/> is the pair's call count when it was issued.
/// </summary>
public sealed record ExchangeCall(
    string SignalId,
    string UserId,
    int Number,
    ExchangeCallKind Kind,
    bool LookupFirst,
    string Venue,
    MarketType Market,
    string Symbol,
    string ClientOrderId,
    Signal Signal,
    UserSettings? Settings)
{
    public string Key => ExecutionKeys.Of(SignalId, UserId);

    /// <summary>What started the attempt (for logs and for the retry of a held claim).</summary>
    public ExecutionTrigger Trigger { get; init; } = ExecutionTrigger.Fanout;

    /// <summary>When the attempt was issued (a retried attempt keeps it).</summary>
    public DateTimeOffset IssuedAt { get; init; }

    /// <summary>
    /// When this instance took the pair's claim as <c>First</c> before this place call: while that lease cannot have
    /// lapsed, re-taking the claim (answered <c>Again</c>, as every re-claim by the same owner is) needs no lookup.
    /// </summary>
    public DateTimeOffset? ClaimTakenAt { get; init; }

    /// <summary>The trace the call belongs to (W3C traceparent), so the answer's records and log lines continue it.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Protect, Close and Check calls: the position's orders.</summary>
    public PositionOrders? Orders { get; init; }

    /// <summary>The user's stored credentials, still encrypted, set by the topology from the table (Binance users).</summary>
    public EncryptedCredentials? Credentials { get; init; }
}
