using System.Text.Json.Serialization;
using SignalStreams.Contracts;

namespace SignalStreams.SignalExecutor.Machine;

/// <summary>
/// What the executor's store holds for one (signal, user), key <c>{signalId}:{userId}</c>: the contract record that
/// <c>signal-executions</c> shows, plus what settling it needs when nothing else is at hand (after a crash, a
/// rebalance, or once the signal has left the table): the exchange (venue, market, symbol) to look the order up on,
/// and the signal as it was when the attempt was recorded. This shape is internal to the executor (its store's
/// changelog); the contract record is published on its own.
/// </summary>
public sealed record ExecutionState
{
    public required SignalExecution Record { get; init; }

    /// <summary><c>paper</c> or <c>binance</c>: which of the user's exchanges the order went to.</summary>
    public required string Venue { get; init; }

    public required MarketType Market { get; init; }

    public required string Symbol { get; init; }

    /// <summary>The signal when the attempt was recorded; kept while pending, dropped once settled.</summary>
    public Signal? Signal { get; init; }

    /// <summary>Exchange calls issued so far; an answer carries the number of its call, so a stale answer is recognised.</summary>
    public int Calls { get; init; }

    /// <summary>
    /// When the last call that may have sent an order was issued. A lookup that finds nothing counts as "never placed"
    /// only once it was made a confirmation window after this (the lookup endpoint is eventually consistent).
    /// </summary>
    public DateTimeOffset? UncertainSince { get; init; }

    /// <summary>A pending record is looked at again by the reconcile timer no earlier than this.</summary>
    public DateTimeOffset NextCheckAt { get; init; }

    /// <summary>Why the record is still pending, for logs (never on the topic).</summary>
    public string? LastProblem { get; init; }

    /// <summary>
    /// The executed record the pair settles as once the OPEN position sent before it is durable (so a crash in between
    /// leaves the pair pending, and its reconcile finds the order and sends the same-keyed position again).
    /// </summary>
    public SignalExecution? Confirming { get; init; }

    /// <summary>When this executor first saw the signal cancelled or expired (retention counts from here).</summary>
    public DateTimeOffset? SignalEndedAt { get; init; }

    /// <summary>The position once the entry has executed: OPEN → CLOSED with its protective orders and the close.</summary>
    public PositionLife? Life { get; init; }

    [JsonIgnore]
    public string Key => Record.Key;

    [JsonIgnore]
    public bool IsSettled => Record.Status != ExecutionStatus.Pending;
}
