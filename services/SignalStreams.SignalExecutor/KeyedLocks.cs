namespace SignalStreams.SignalExecutor;

/// <summary>
/// One async lock per key, created on demand and dropped when nobody holds or waits for it, so that a record and
/// the pending-record reconciler never work on the same (signal, user) at the same time.
/// </summary>
public sealed class KeyedLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> LockAsync(string key, CancellationToken cancellationToken)
    {
        var entry = Reference(key);
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(key, entry, held: false);
            throw;
        }

        return new Holder(this, key, entry);
    }

    /// <summary>The lock if it is free now, else null (the holder is working on the key).</summary>
    public IDisposable? TryLock(string key)
    {
        var entry = Reference(key);
        if (entry.Semaphore.Wait(0))
        {
            return new Holder(this, key, entry);
        }

        Release(key, entry, held: false);
        return null;
    }

    private Entry Reference(string key)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                _entries[key] = entry;
            }

            entry.References++;
            return entry;
        }
    }

    private void Release(string key, Entry entry, bool held)
    {
        lock (_entries)
        {
            if (held)
            {
                entry.Semaphore.Release();
            }

            if (--entry.References == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int References { get; set; }
    }

    private sealed class Holder(KeyedLocks owner, string key, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(key, entry, held: true);
            }
        }
    }
}
