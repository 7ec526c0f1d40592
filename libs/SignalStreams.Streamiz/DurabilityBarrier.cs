namespace SignalStreams.Streamiz;

/// <summary>
/// Record before effect: <see cref="AllSentSoFarAsync"/> completes once every record this process had handed to
/// its Streamiz producers when it was called (outputs and store changelogs alike) is acknowledged by the brokers.
/// An exchange order or a Telegram message is sent only after the state that names it is durable, so a crash
/// after the effect always finds that state again. A delivery failure fails the waiters that depended on it.
/// </summary>
public sealed class DurabilityBarrier
{
    private readonly object _gate = new();
    private readonly SortedSet<long> _outstanding = [];
    private readonly List<(long Upto, TaskCompletionSource Done)> _waiters = [];
    private long _next;

    /// <summary>Records handed to the producers and not yet acknowledged (a gauge for operators).</summary>
    public int Outstanding
    {
        get
        {
            lock (_gate)
            {
                return _outstanding.Count;
            }
        }
    }

    /// <summary>Completes when everything produced before this call is durable; throws if one of them failed.</summary>
    public Task AllSentSoFarAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var upto = _next;
            if (_outstanding.Count == 0 || _outstanding.Min >= upto)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((upto, done));
            return cancellationToken.CanBeCanceled ? done.Task.WaitAsync(cancellationToken) : done.Task;
        }
    }

    internal long Sending()
    {
        lock (_gate)
        {
            var sequence = _next++;
            _outstanding.Add(sequence);
            return sequence;
        }
    }

    internal void Delivered(long sequence, string? error)
    {
        List<TaskCompletionSource>? release = null;
        List<TaskCompletionSource>? fail = null;
        lock (_gate)
        {
            _outstanding.Remove(sequence);
            var lowest = _outstanding.Count == 0 ? long.MaxValue : _outstanding.Min;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (upto, done) = _waiters[i];
                if (error is not null && sequence < upto)
                {
                    (fail ??= []).Add(done);
                    _waiters.RemoveAt(i);
                }
                else if (lowest >= upto)
                {
                    (release ??= []).Add(done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        release?.ForEach(d => d.TrySetResult());
        fail?.ForEach(d => d.TrySetException(new InvalidOperationException($"A record produced before the effect was not acknowledged: {error}")));
    }
}
