using System.Collections.Concurrent;
using SignalStreams.Contracts;
using SignalStreams.SignalApi.Views;

namespace SignalStreams.SignalApi.Webhooks;

/// <summary>
/// Publishes the signal of an alert at most once per instance: a second delivery of the same alert (TradingView
/// retries, a double-fired alert) finds the signal in the <c>signals</c> view or among this instance's own recent
/// publications (which the view may not show yet) and publishes nothing. Concurrent deliveries share one publication.
/// </summary>
/// <remarks>
/// Across two instances a delivery could arrive at the second before the first's record reaches its view (well under a
/// second); it would then republish the same signalId. That changes nothing downstream: the router fans a signalId out
/// once, and the executor executes each (signal, user) once.
/// </remarks>
internal sealed class AlertPublications(ApiViews views)
{
    private const int PruneAbove = 1024;
    private readonly ConcurrentDictionary<string, Task<Signal>> _published = new(StringComparer.Ordinal);

    /// <summary>The signal and whether it existed already (nothing was published then).</summary>
    public async Task<(Signal Signal, bool Duplicate)> PublishOnceAsync(string signalId, Func<Task<Signal>> publish)
    {
        if (Existing(signalId) is { } known)
        {
            return (known, true);
        }

        var mine = new TaskCompletionSource<Signal>(TaskCreationOptions.RunContinuationsAsynchronously);
        var winner = _published.GetOrAdd(signalId, mine.Task);
        if (winner != mine.Task)
        {
            return (await winner, true);
        }

        try
        {
            var signal = await publish();
            mine.SetResult(signal);
            Prune();
            return (signal, false);
        }
        catch (Exception e)
        {
            // Not published: a later delivery must try again.
            _published.TryRemove(new KeyValuePair<string, Task<Signal>>(signalId, mine.Task));
            mine.SetException(e);
            throw;
        }
    }

    /// <summary>The latest version known to this instance: the view, else its own publication still on the way to the view.</summary>
    public Signal? Existing(string signalId)
    {
        if (views.Signals.TryGet(signalId, out var signal))
        {
            return signal;
        }

        return _published.TryGetValue(signalId, out var task) && task.IsCompletedSuccessfully ? task.Result : null;
    }

    /// <summary>Forgets publications the view has caught up with, so the map holds only the last moments' alerts.</summary>
    private void Prune()
    {
        if (_published.Count <= PruneAbove)
        {
            return;
        }

        foreach (var (signalId, task) in _published)
        {
            if (task.IsCompleted && views.Signals.TryGet(signalId, out _))
            {
                _published.TryRemove(signalId, out _);
            }
        }
    }
}
