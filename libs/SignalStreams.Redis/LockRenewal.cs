using Microsoft.Extensions.Logging;

namespace SignalStreams.Redis;

/// <summary>Keeps a lock alive in the background; dispose it before releasing the lock.</summary>
public sealed class LockRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _loop;

    internal LockRenewal(RedisLock redisLock, LockHandle handle, TimeSpan ttl, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(interval, ttl);
        Handle = handle;
        _loop = RunAsync(redisLock, ttl, interval, time, logger);
    }

    public LockHandle Handle { get; }

    /// <summary>Cancelled when the lock can no longer be trusted: stop the guarded work.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(RedisLock redisLock, TimeSpan ttl, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        var lastRenewed = time.GetUtcNow();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(interval, time, _stop.Token);
                var renewed = await redisLock.RenewAsync(Handle, ttl, RedisUnavailablePolicy.ProceedOnStateStore, _stop.Token);
                if (renewed)
                {
                    lastRenewed = time.GetUtcNow();
                    continue;
                }

                // Either another owner holds it, or Redis is down and the TTL may have run out meanwhile.
                if (redisLock.Metrics.RedisAvailable || time.GetUtcNow() - lastRenewed >= ttl)
                {
                    logger.LogWarning("Lost lock {Key} (fencing token {Token})", Handle.Key, Handle.FencingToken);
                    await _lost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
