namespace SignalStreams.Streams;

/// <summary>
/// The committable offset of one input partition when records may complete out of order: the lowest offset handed
/// out but not completed, or one past the highest handed out when all are done (a contiguous-completion watermark).
/// </summary>
internal sealed class OffsetWatermark
{
    private readonly SortedSet<long> _pending = [];
    private readonly Lock _gate = new();
    private long _next = -1;
    private long _committed = -1;

    public void Dispatched(long offset)
    {
        lock (_gate)
        {
            _pending.Add(offset);
            _next = Math.Max(_next, offset + 1);
        }
    }

    public void Completed(long offset)
    {
        lock (_gate)
        {
            _pending.Remove(offset);
        }
    }

    /// <summary>The offset to commit, or null when nothing new completed since the last commit.</summary>
    public long? Committable()
    {
        lock (_gate)
        {
            var candidate = _pending.Count > 0 ? _pending.Min : _next;
            return candidate > _committed ? candidate : null;
        }
    }

    public void Committed(long offset)
    {
        lock (_gate)
        {
            _committed = Math.Max(_committed, offset);
        }
    }
}
