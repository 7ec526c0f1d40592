namespace SignalStreams.Streams.Tests;

/// <summary>
/// Counts records per key into the "tallies" store. The store remembers the last counted offset of each key, so a
/// record processed again after a crash or rebalance finds its own earlier write and is not counted twice.
/// </summary>
public sealed class CountingProcessor(int haltAfter = int.MaxValue, Func<StreamRecord, string>? storeKey = null) : IRecordProcessor
{
    public const string StoreName = "tallies";
    public const string Schema = "test-tally.v1";

    private int _counted;
    private int _replays;

    /// <summary>Records whose effect this processor applied (an effect lost in a crash is applied again).</summary>
    public int Counted => Volatile.Read(ref _counted);

    /// <summary>Records recognised as already counted (their write was found in the restored store).</summary>
    public int Replays => Volatile.Read(ref _replays);

    public async Task ProcessAsync(StreamRecord record, ProcessorContext context, CancellationToken cancellationToken)
    {
        if (Counted >= haltAfter)
        {
            // Simulates an instance that hangs mid-batch until it is killed.
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var store = context.Store<Tally>(StoreName);
        var key = record.Key is null
            ? throw new PoisonRecordException("A record without a key cannot be counted.")
            : storeKey?.Invoke(record) ?? record.Key;
        var tally = store.Get(key);
        if (tally is not null && record.Offset <= tally.LastOffset)
        {
            Interlocked.Increment(ref _replays);
            return;
        }

        store.Put(key, new Tally(key, (tally?.Count ?? 0) + 1, record.Offset));
        Interlocked.Increment(ref _counted);
    }
}
