namespace SignalStreams.Telegram.Tests;

/// <summary>
/// A virtual clock. Every requested delay is recorded. With <see cref="AutoAdvance"/> a timer fires at once and
/// moves the clock forward by its due time (sequential code then sees exactly the time it waited for); otherwise
/// timers stay pending until the test advances the clock.
/// Kept beside FakeTimeProvider (used where it is equivalent) because these tests read the delays the client asked
/// for and need timers that fire at once while moving the clock, which FakeTimeProvider does not offer.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _pending = [];
    private readonly List<TimeSpan> _requested = [];
    private DateTimeOffset _now = start;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2025, 11, 2, 10, 0, 0, TimeSpan.Zero))
    {
    }

    public bool AutoAdvance { get; init; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Every due time a timer was set to, in order.</summary>
    public IReadOnlyList<TimeSpan> RequestedDelays
    {
        get
        {
            lock (_gate)
            {
                return [.. _requested];
            }
        }
    }

    /// <summary>Due times (from now) of timers not yet fired.</summary>
    public IReadOnlyList<TimeSpan> PendingDelays
    {
        get
        {
            lock (_gate)
            {
                return _pending.Select(t => t.DueAt - _now).ToList();
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward and fires every timer that is then due.</summary>
    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _pending.Where(t => t.DueAt <= _now).ToList();
            _pending.RemoveAll(due.Contains);
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    /// <summary>Fires pending timers one by one (advancing the clock to each) until <paramref name="task"/> completes.</summary>
    public async Task<T> AdvanceUntilCompletedAsync<T>(Task<T> task, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!task.IsCompleted)
        {
            var next = PendingDelays.DefaultIfEmpty(Timeout.InfiniteTimeSpan).Min();
            if (next != Timeout.InfiniteTimeSpan)
            {
                Advance(next > TimeSpan.Zero ? next : TimeSpan.Zero);
            }
            else if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The task neither completed nor set a timer.");
            }
            else
            {
                await Task.WhenAny(task, Task.Delay(10));
            }
        }

        return await task;
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime)
    {
        bool fireNow;
        lock (_gate)
        {
            _pending.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            _requested.Add(dueTime);
            fireNow = AutoAdvance;
            if (fireNow)
            {
                _now += dueTime > TimeSpan.Zero ? dueTime : TimeSpan.Zero;
            }
            else
            {
                timer.DueAt = _now + dueTime;
                _pending.Add(timer);
            }
        }

        if (fireNow)
        {
            ThreadPool.QueueUserWorkItem(_ => timer.Fire());
        }
    }

    private void Cancel(ManualTimer timer)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            owner.Schedule(this, dueTime);
            return true;
        }

        public void Fire()
        {
            if (!_disposed)
            {
                callback(state);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            owner.Cancel(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
