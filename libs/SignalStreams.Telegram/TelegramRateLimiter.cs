using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SignalStreams.Telegram;

/// <summary>
/// Telegram's published limits, chained with <see cref="PartitionedRateLimiter"/>: overall (30/s), per chat (about
/// 1/s) and per group or channel (20/min; chat ids starting with '-' or '@'), each a sliding window on
/// <see cref="TimeProvider"/> time. Edits count like messages. Idle chats' partitions are dropped by the framework.
/// </summary>
public sealed class TelegramRateLimiter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly PartitionedRateLimiter<string>[] _parts;
    private readonly PartitionedRateLimiter<string> _limits;
    private readonly TimeProvider _timeProvider;
    private readonly TelegramMetrics _metrics;

    public TelegramRateLimiter(IOptions<TelegramOptions> options, TimeProvider timeProvider, TelegramMetrics metrics)
    {
        var limits = options.Value;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _parts =
        [
            PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.Get(
                "all chats", _ => new SlidingWindowLogLimiter(limits.GlobalMessagesPerSecond, TimeSpan.FromSeconds(1), timeProvider))),
            PartitionedRateLimiter.Create<string, string>(chatId => RateLimitPartition.Get(
                chatId, _ => new SlidingWindowLogLimiter(limits.PerChatMessagesPerSecond, TimeSpan.FromSeconds(1), timeProvider))),
            PartitionedRateLimiter.Create<string, string>(chatId => IsGroupOrChannel(chatId)
                ? RateLimitPartition.Get(chatId, _ => new SlidingWindowLogLimiter(limits.GroupChatMessagesPerMinute, TimeSpan.FromMinutes(1), timeProvider))
                : RateLimitPartition.GetNoLimiter(chatId)),
        ];
        _limits = PartitionedRateLimiter.CreateChained(_parts);
    }

    /// <summary>
    /// Takes a slot for <paramref name="chatId"/> now and returns <see cref="TimeSpan.Zero"/>, or takes nothing and
    /// returns how long to wait before asking again.
    /// </summary>
    public TimeSpan TryAcquire(string chatId)
    {
        lock (_gate)
        {
            // A chain takes its permits one limiter after the other and keeps those already taken when a later one
            // refuses, so ask first with zero permits: a chat that must wait then spends no slot of the others.
            using var probe = _limits.AttemptAcquire(chatId, 0);
            if (!probe.IsAcquired)
            {
                return WaitOf(probe);
            }

            using var lease = _limits.AttemptAcquire(chatId);
            return lease.IsAcquired ? TimeSpan.Zero : WaitOf(lease);
        }
    }

    /// <summary>Waits (on the <see cref="TimeProvider"/>) until a slot for <paramref name="chatId"/> is free, and takes it.</summary>
    public async Task WaitAsync(string chatId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var delay = TryAcquire(chatId);
            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            _metrics.RateLimitWait("limiter", delay);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        // The chain does not own its parts; each part owns its partitions' limiters and its idle-cleanup timer.
        _limits.Dispose();
        foreach (var part in _parts)
        {
            part.Dispose();
        }
    }

    private static TimeSpan WaitOf(RateLimitLease refused) =>
        refused.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1);

    private static bool IsGroupOrChannel(string chatId) => chatId.StartsWith('-') || chatId.StartsWith('@');
}
