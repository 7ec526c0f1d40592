using SignalStreams.Contracts;

namespace SignalStreams.SignalExecutor.Machine;

/// <summary>What a call does at the exchange.</summary>
public enum ExchangeCallKind
{
    /// <summary>Plan and send the MARKET order (after a lookup first when <see cref="ExchangeCall.LookupFirst"/>).</summary>
    Place,

    /// <summary>Look the order up by clientOrderId; never sends an order.</summary>
    Lookup,
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

    /// <summary>The user's stored credentials, still encrypted, set by the topology from the table (Binance users).</summary>
    public EncryptedCredentials? Credentials { get; init; }
}
