namespace SignalStreams.Streams;

/// <summary>
/// Runs records of different keys concurrently (at most <c>maxKeys</c> keys at a time) while the records of one key
/// run strictly one after another in offset order. A slow key holds one slot; the others keep going.
/// </summary>
internal sealed class KeyOrderedDispatcher(int maxKeys, Func<StreamRecord, Task> execute, CancellationToken stop)
{
    private readonly SemaphoreSlim _keySlots = new(maxKeys);
    private readonly Dictionary<string, Queue<StreamRecord>> _activeKeys = new(StringComparer.Ordinal);
    private readonly List<Task> _workers = [];
    private readonly Lock _gate = new();

    /// <summary>Hands a record over; waits while no key slot is free (the caller bounds records in flight).</summary>
    public async Task DispatchAsync(StreamRecord record)
    {
        var key = record.Key ?? "";
        lock (_gate)
        {
            if (_activeKeys.TryGetValue(key, out var queue))
            {
                queue.Enqueue(record);
                return;
            }
        }

        // Only the dispatch loop adds keys, so no other record of this key can slip in while we wait for a slot.
        await _keySlots.WaitAsync(stop);

        lock (_gate)
        {
            _activeKeys[key] = new Queue<StreamRecord>();
            _workers.RemoveAll(w => w.IsCompleted);
            _workers.Add(Task.Run(() => RunKeyAsync(key, record)));
        }
    }

    /// <summary>Completes when every started key worker has finished.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_workers.ToArray());
        }
    }

    private async Task RunKeyAsync(string key, StreamRecord first)
    {
        var next = first;
        try
        {
            while (next is not null)
            {
                await execute(next);

                lock (_gate)
                {
                    var queue = _activeKeys[key];
                    if (queue.Count > 0)
                    {
                        next = queue.Dequeue();
                    }
                    else
                    {
                        _activeKeys.Remove(key);
                        next = null;
                    }
                }
            }
        }
        finally
        {
            _keySlots.Release();
        }
    }
}
