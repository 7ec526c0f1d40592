namespace SignalStreams.Telegram;

/// <summary>Which message <see cref="PositionMessageFormatter"/> renders for an MT5 position.</summary>
public enum PositionMessageKind
{
    /// <summary>The first event of a position: the channel message is sent.</summary>
    Opened,

    /// <summary>A later UPDATED event: the message is edited to show the current profit.</summary>
    Updated,

    /// <summary>The REMOVED event: the message is edited to show the final profit.</summary>
    Closed,
}
