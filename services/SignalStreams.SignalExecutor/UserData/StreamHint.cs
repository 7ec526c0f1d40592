using SignalStreams.Contracts;

namespace SignalStreams.SignalExecutor.UserData;

/// <summary>What a user data stream tells the task that owns the user.</summary>
public enum StreamHintKind
{
    /// <summary>An order of the user changed (filled, traded, expired): check the position it belongs to now.</summary>
    Order,

    /// <summary>The stream connected again after it was down: events may have been missed, check the user's positions now.</summary>
    Reconnected,

    /// <summary>The stream is down (or could not connect): the user's positions fall back to the streamless check interval.</summary>
    Down,
}

/// <summary>A hint from <see cref="UserDataStreams"/>; never a fill by itself: the position's Check call confirms it.</summary>
public sealed record StreamHint(StreamHintKind Kind, string UserId, string Venue, MarketType Market, string? ClientOrderId = null);
