namespace SignalStreams.Telegram;

/// <summary>At most <c>limit</c> events in any interval of length <c>window</c>. Not thread-safe: the limiter locks.</summary>
internal sealed class SlidingWindow(int limit, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _events = new();

    public DateTimeOffset LastEvent { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Zero when an event may happen at <paramref name="now"/>, else how long until it may.</summary>
    public TimeSpan DelayAt(DateTimeOffset now)
    {
        while (_events.Count > 0 && _events.Peek() <= now - window)
        {
            _events.Dequeue();
        }

        return _events.Count < limit ? TimeSpan.Zero : _events.Peek() + window - now;
    }

    public void Record(DateTimeOffset now)
    {
        _events.Enqueue(now);
        LastEvent = now;
    }
}
