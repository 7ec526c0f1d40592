using System.Threading.RateLimiting;

namespace SignalStreams.Telegram;

/// <summary>
/// At most <c>permitLimit</c> permits in any interval of length <c>window</c>, on <see cref="TimeProvider"/> time, as a
/// <see cref="RateLimiter"/> so that <see cref="PartitionedRateLimiter"/> partitions and chains it. The framework's own
/// window limiters read the machine clock (they take no <see cref="TimeProvider"/>: dotnet/runtime#106447), so a test
/// clock could not drive them, and their segmented windows answer "retry after" only in whole segments; this one keeps
/// the time of every permit in the window and says exactly when the next one frees up.
/// </summary>
internal sealed class SlidingWindowLogLimiter(int permitLimit, TimeSpan window, TimeProvider timeProvider) : RateLimiter
{
    private static readonly RateLimitLease Granted = new WindowLease(null);

    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _permits = new();
    private DateTimeOffset _lastPermit = timeProvider.GetUtcNow();
    private long _granted;
    private long _refused;

    /// <summary>Idle once no permit is left in the window: a fresh limiter would then behave the same.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = timeProvider.GetUtcNow();
                Expire(now);
                return _permits.Count == 0 ? now - _lastPermit : null;
            }
        }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate)
        {
            Expire(timeProvider.GetUtcNow());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = permitLimit - _permits.Count,
                TotalSuccessfulLeases = _granted,
                TotalFailedLeases = _refused,
            };
        }
    }

    /// <summary>Zero permits asks without taking: granted when one is free, else refused with the wait.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, permitLimit);
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            Expire(now);
            var missing = _permits.Count + Math.Max(permitCount, 1) - permitLimit;
            if (missing > 0)
            {
                _refused++;
                return new WindowLease(_permits.ElementAt(missing - 1) + window - now);
            }

            for (var i = 0; i < permitCount; i++)
            {
                _permits.Enqueue(now);
                _lastPermit = now;
            }

            _granted += permitCount > 0 ? 1 : 0;
            return Granted;
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lease = AttemptAcquireCore(permitCount);
            if (lease.IsAcquired || !lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
            {
                return lease;
            }

            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (_permits.Count > 0 && _permits.Peek() <= now - window)
        {
            _permits.Dequeue();
        }
    }

    /// <summary>Granted (no wait) or refused with <see cref="MetadataName.RetryAfter"/>. Disposing returns nothing: a window permit is spent.</summary>
    private sealed class WindowLease(TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
