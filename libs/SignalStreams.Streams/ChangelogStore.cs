using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using SignalStreams.Contracts;

namespace SignalStreams.Streams;

/// <summary>
/// The in-memory store of one task, backed by its changelog partition. Memory is the truth while the task runs;
/// the changelog is how the next owner of the partition gets the same memory back.
/// </summary>
internal sealed class ChangelogStore<T>(StoreDefinition<T> definition, int partition, ChangelogWriter writer, TimeProvider time) : IChangelogStore
    where T : class
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string Name => definition.Name;

    public TopicPartition Changelog { get; } = new(definition.ChangelogTopic, partition);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(string key, [MaybeNullWhen(false)] out T value)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && !entry.IsExpired(now))
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public IReadOnlyDictionary<string, T> All()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return _entries.Where(e => !e.Value.IsExpired(now)).ToDictionary(e => e.Key, e => e.Value.Value, StringComparer.Ordinal);
        }
    }

    public Task PutAsync(string key, T value, TimeSpan? retention)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var bytes = ContractJson.Serialize(value, definition.TypeInfo);
        var expiresAt = retention is { } r ? time.GetUtcNow() + r : (DateTimeOffset?)null;
        lock (_gate)
        {
            _entries[key] = new Entry(value, bytes, expiresAt);
        }

        return writer.WriteAsync(Changelog, key, definition.Schema, () => Current(key));
    }

    public Task DeleteAsync(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            _entries.Remove(key);
        }

        return writer.WriteAsync(Changelog, key, definition.Schema, () => Current(key));
    }

    public void ApplyRestored(string key, byte[]? value, Headers? headers)
    {
        if (value is null)
        {
            lock (_gate)
            {
                _entries.Remove(key);
            }

            return;
        }

        var parsed = ContractJson.Deserialize(value, definition.TypeInfo);
        var entry = new Entry(parsed, value, ChangelogWriter.ReadExpiry(headers));
        lock (_gate)
        {
            _entries[key] = entry;
        }
    }

    public int RemoveExpired(DeliveryScope scope)
    {
        var now = time.GetUtcNow();
        List<string> expired;
        lock (_gate)
        {
            expired = _entries.Where(e => e.Value.IsExpired(now)).Select(e => e.Key).ToList();
        }

        foreach (var key in expired)
        {
            lock (_gate)
            {
                // Re-check: a record may have written the key again since the scan.
                if (!_entries.TryGetValue(key, out var entry) || !entry.IsExpired(now))
                {
                    continue;
                }

                _entries.Remove(key);
            }

            scope.Add(writer.WriteAsync(Changelog, key, definition.Schema, () => Current(key)));
        }

        return expired.Count;
    }

    public object Scoped(DeliveryScope? scope) => new ScopedStore<T>(this, scope);

    private ChangelogValue Current(string key)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(key, out var entry) ? new ChangelogValue(entry.Bytes, entry.ExpiresAt) : default;
        }
    }

    private sealed record Entry(T Value, byte[] Bytes, DateTimeOffset? ExpiresAt)
    {
        public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;
    }
}
