using System.Diagnostics;

namespace SignalStreams.Benchmarks;

/// <summary>
/// An exchange call that takes a fixed time (a <see cref="Task.Delay(TimeSpan)"/>, no HTTP), counting what the caller
/// did with it: calls finished, the most running at once, and whether each user's calls started in the order of their
/// sequence numbers (1, 2, 3, ... per user).
/// </summary>
internal sealed class FakeExchangeCall(TimeSpan duration)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _lastStarted = new(StringComparer.Ordinal);
    private int _running;
    private int _maxRunning;
    private int _finished;
    private int _outOfOrder;
    private long _lastFinishedAt;

    public TimeSpan Duration { get; } = duration;

    public int Finished => Volatile.Read(ref _finished);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Calls that started before an earlier call of the same user, or started twice.</summary>
    public int OutOfOrder => Volatile.Read(ref _outOfOrder);

    /// <summary>The <see cref="Stopwatch"/> timestamp of the last call that finished.</summary>
    public long LastFinishedAt => Interlocked.Read(ref _lastFinishedAt);

    public async Task CallAsync(string user, int sequence, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var last = _lastStarted.GetValueOrDefault(user);
            if (sequence != last + 1)
            {
                _outOfOrder++;
            }

            _lastStarted[user] = Math.Max(last, sequence);
            _running++;
            _maxRunning = Math.Max(_maxRunning, _running);
        }

        try
        {
            await Task.Delay(Duration, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _running--;
                _finished++;
                _lastFinishedAt = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>Forgets the counts (after a warm-up) and expects each user's next call to be <paramref name="nextSequence"/>.</summary>
    public void Reset(int nextSequence)
    {
        lock (_gate)
        {
            foreach (var user in _lastStarted.Keys.ToList())
            {
                _lastStarted[user] = nextSequence - 1;
            }

            _maxRunning = 0;
            _finished = 0;
            _outOfOrder = 0;
        }
    }

    /// <summary>Waits until <paramref name="count"/> calls have finished; false at the deadline.</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Finished < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}
