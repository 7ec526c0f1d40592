using System.Collections.Concurrent;
using SignalStreams.Contracts;

namespace SignalStreams.Sdk;

/// <summary>The latest version of the signals this process published, bounded, so that a cancel needs no topic read.</summary>
internal sealed class RecentSignals(int capacity)
{
    private readonly ConcurrentDictionary<string, Signal> _signals = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public Signal? Get(string signalId) => _signals.TryGetValue(signalId, out var signal) ? signal : null;

    public void Put(Signal signal)
    {
        if (_signals.TryAdd(signal.SignalId, signal))
        {
            _order.Enqueue(signal.SignalId);
        }
        else
        {
            _signals[signal.SignalId] = signal;
        }

        while (_signals.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _signals.TryRemove(oldest, out _);
        }
    }
}
