namespace SignalStreams.Exchange.Binance;

/// <summary>
/// Honours Retry-After per exchange host: after a 429/418 every request to that host waits until the time the
/// exchange named before it is sent.
/// </summary>
internal sealed class RateLimitGate(TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    /// <summary>True when the current block came from a 418 (IP ban) rather than a 429.</summary>
    public bool Banned { get; private set; }

    public void Block(TimeSpan retryAfter, bool banned)
    {
        var until = time.GetUtcNow() + retryAfter;
        lock (_lock)
        {
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
                Banned = banned;
            }
        }
    }

    public TimeSpan Remaining
    {
        get
        {
            lock (_lock)
            {
                var left = _blockedUntil - time.GetUtcNow();
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var wait = Remaining;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
