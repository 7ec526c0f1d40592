namespace SignalStreams.Exchange.Tests;

/// <summary>
/// Real clock, but every wait is recorded and then fires at once: a test sees how long the client chose to wait
/// (Retry-After) without spending that time.
/// Not FakeTimeProvider: the client also runs on real time (HTTP, resilience timeouts), which a fake clock would stop.
/// </summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    private readonly List<TimeSpan> _waits = [];

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waits)
            {
                return _waits.ToList();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        lock (_waits)
        {
            _waits.Add(dueTime);
        }

        return base.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
