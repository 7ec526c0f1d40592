using SignalStreams.Contracts;

namespace SignalStreams.SignalRouter;

/// <summary>
/// What the router remembers about one signal (internal topic <c>signal-router-state</c>, key signalId): the latest
/// version it saw, whether and when it fanned it out, and to how many users.
/// </summary>
public sealed record FanoutState
{
    public required Signal Signal { get; init; }
    public DateTimeOffset? FannedOutAt { get; init; }
    public int Recipients { get; init; }
    public DateTimeOffset? ExpiredAt { get; init; }
}
