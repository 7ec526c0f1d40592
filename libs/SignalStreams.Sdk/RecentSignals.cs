using System.Collections.Concurrent;
using SignalStreams.Contracts;

namespace SignalStreams.Sdk;

/// <summary>The latest version of the signals this process published, bounded, so that a cancel needs no topic read.</summary>
internal sealed class RecentSignals(int capacity)
{
    private readonly ConcurrentDictionary<string, Signal> _signals = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    // ConcurrentDictionary.Count takes every bucket lock; a counter of our own keeps Put cheap under load.
    private int _count;

    public Signal? Get(string signalId) => _signals.TryGetValue(signalId, out var signal) ? signal : null;

    public void Put(Signal signal)
    {
        if (_signals.TryAdd(signal.SignalId, signal))
        {
            _order.Enqueue(signal.SignalId);
            Interlocked.Increment(ref _count);
        }
        else
        {
            _signals[signal.SignalId] = signal;
        }

        while (Volatile.Read(ref _count) > capacity && _order.TryDequeue(out var oldest))
        {
            if (_signals.TryRemove(oldest, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }
}
