using System.Text.Json.Serialization;
using SignalStreams.Contracts;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// Everything mt5-ingest knows about one MT5 position, one record per key <c>{accountId}:{positionId}</c> in the
/// position store. <see cref="Mapping"/> and <see cref="Telegram"/> are the contract records as last written to
/// <c>mt5-signal-mappings</c> and <c>telegram-mappings</c>; the rest is the ingest's own (never on a contract topic):
/// what the channel message shows, the trailing edit waiting for the edit interval, and the retired marker.
/// </summary>
public sealed record PositionState
{
    public required string AccountId { get; init; }
    public required string PositionId { get; init; }

    /// <summary>The mapping (the lock while <c>processing</c>); null before the first open and once retired.</summary>
    public Mt5SignalMapping? Mapping { get; init; }

    /// <summary>The channel message's record; null until the first send ends (or once retired).</summary>
    public TelegramMapping? Telegram { get; init; }

    /// <summary>The event the signal is built from while the mapping is not completed (a timer retry needs it).</summary>
    public PositionEvent? OpeningEvent { get; init; }

    /// <summary>When a held claim (another owner's lease) is tried again without waiting for a further event.</summary>
    public DateTimeOffset? RetryOpenAt { get; init; }

    /// <summary>The text the message is known to show.</summary>
    public string? ShownText { get; init; }

    /// <summary>When the message was last sent or edited: the edit interval counts from here.</summary>
    public DateTimeOffset? MessageChangedAt { get; init; }

    /// <summary>The latest text not yet shown (the trailing edit); durable, so a restart still ends with it.</summary>
    public string? PendingText { get; init; }

    /// <summary>
    /// Set while the signal's CLOSED is not yet acknowledged on <c>signals</c> (its followers' positions wait for it):
    /// when the timer publishes it again. Cleared by the acknowledgement; a failure moves it on by the retry interval.
    /// </summary>
    public DateTimeOffset? CloseSignalAt { get; init; }

    /// <summary>When the position was closed (REMOVED); kept after retirement.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>When the closed position's mappings left the store; from then on only this marker is kept.</summary>
    public DateTimeOffset? RetiredAt { get; init; }

    /// <summary>
    /// The input offset of the last event that changed this state (set by the topology, not the machine): an older
    /// event replayed after a rebalance or a crash (at-least-once) is skipped, so it never shows an older profit.
    /// </summary>
    public long? LastOffset { get; init; }

    [JsonIgnore]
    public string Key => Mt5Keys.Of(AccountId, PositionId);

    [JsonIgnore]
    public bool IsRetired => RetiredAt is not null;

    [JsonIgnore]
    public bool IsClosed => ClosedAt is not null;

    public static PositionState New(string accountId, string positionId) => new() { AccountId = accountId, PositionId = positionId };
}
