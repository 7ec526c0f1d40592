namespace SignalStreams.Streams;

/// <summary>
/// A task's state store as seen by one record (or one punctuation). A write changes memory at once and is sent to
/// the changelog; the runtime awaits every such delivery before the record's offset can be committed.
/// </summary>
public interface IKeyValueStore<T> : IReadOnlyKeyValueStore<T>
    where T : class
{
    /// <summary>Stores <paramref name="value"/>; with a retention the entry is removed (tombstoned) once it has passed.</summary>
    void Put(string key, T value, TimeSpan? retention = null);

    /// <summary>Removes the key and writes a tombstone to the changelog.</summary>
    void Delete(string key);
}
