using SignalStreams.Contracts;

namespace SignalStreams.SignalRouter;

/// <summary>
/// What the router remembers about one signal (store <c>fanouts</c>, changelog
/// <c>signal-router-fanouts-changelog</c>, key signalId): the latest version it saw, whether and when it fanned it
/// out, to how many users, and which record (offset on the signal's partition) it fanned out.
/// </summary>
public sealed record FanoutState
{
    public required Signal Signal { get; init; }
    public DateTimeOffset? FannedOutAt { get; init; }
    public int Recipients { get; init; }
    public long? FannedOutOffset { get; init; }
}
