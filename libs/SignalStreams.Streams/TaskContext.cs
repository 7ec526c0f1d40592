namespace SignalStreams.Streams;

/// <summary>A partition task as its processor sees it at start: its restored stores and its timers.</summary>
public sealed class TaskContext
{
    private readonly IReadOnlyDictionary<string, IChangelogStore> _stores;
    private readonly List<Punctuation> _punctuations = [];

    internal TaskContext(int partition, IReadOnlyDictionary<string, IChangelogStore> stores, TimeProvider time)
    {
        Partition = partition;
        _stores = stores;
        Time = time;
    }

    public int Partition { get; }

    public TimeProvider Time { get; }

    internal IReadOnlyList<Punctuation> Punctuations => _punctuations;

    /// <summary>Read access to a restored store.</summary>
    public IReadOnlyKeyValueStore<T> Store<T>(string name)
        where T : class => (IReadOnlyKeyValueStore<T>)ProcessorContext.StoreOf(_stores, name).Scoped(null);

    /// <summary>
    /// Calls <paramref name="callback"/> every <paramref name="interval"/> of wall-clock time (through the
    /// <see cref="TimeProvider"/>) while the task lives, e.g. for expiry. It runs next to record processing, so it
    /// must not assume records are paused; its store writes and sends are delivered like a record's.
    /// </summary>
    public void Schedule(TimeSpan interval, Func<ProcessorContext, CancellationToken, Task> callback)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(callback);
        _punctuations.Add(new Punctuation(interval, callback));
    }
}

/// <summary>A timer registered by a processor.</summary>
internal sealed record Punctuation(TimeSpan Interval, Func<ProcessorContext, CancellationToken, Task> Callback);
