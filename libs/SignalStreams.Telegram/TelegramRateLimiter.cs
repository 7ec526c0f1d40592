using Microsoft.Extensions.Options;

namespace SignalStreams.Telegram;

/// <summary>
/// Telegram's published limits as sliding windows on <see cref="TimeProvider"/> time: per chat (about 1 message/s),
/// per group or channel (20/min; chat ids starting with '-' or '@') and overall (30/s). Edits count like messages.
/// </summary>
public sealed class TelegramRateLimiter(IOptions<TelegramOptions> options, TimeProvider timeProvider, TelegramMetrics metrics)
{
    private const int MaxTrackedChats = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChatWindows> _chats = new(StringComparer.Ordinal);
    private readonly SlidingWindow _global = new(options.Value.GlobalMessagesPerSecond, TimeSpan.FromSeconds(1));
    private readonly TelegramOptions _options = options.Value;

    /// <summary>
    /// Takes a slot for <paramref name="chatId"/> now and returns <see cref="TimeSpan.Zero"/>, or takes nothing and
    /// returns how long to wait before asking again.
    /// </summary>
    public TimeSpan TryAcquire(string chatId)
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            var chat = WindowsOf(chatId, now);
            var delay = Max(_global.DelayAt(now), chat.PerSecond.DelayAt(now), chat.PerMinute?.DelayAt(now) ?? TimeSpan.Zero);
            if (delay > TimeSpan.Zero)
            {
                return delay;
            }

            _global.Record(now);
            chat.PerSecond.Record(now);
            chat.PerMinute?.Record(now);
            return TimeSpan.Zero;
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

            metrics.RateLimitWait("limiter", delay);
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private ChatWindows WindowsOf(string chatId, DateTimeOffset now)
    {
        if (_chats.TryGetValue(chatId, out var windows))
        {
            return windows;
        }

        if (_chats.Count >= MaxTrackedChats)
        {
            // Chats idle for over a minute can no longer delay anything; forget them.
            foreach (var idle in _chats.Where(c => c.Value.PerSecond.LastEvent < now.AddMinutes(-1)).Select(c => c.Key).ToList())
            {
                _chats.Remove(idle);
            }
        }

        var isGroup = chatId.StartsWith('-') || chatId.StartsWith('@');
        windows = new ChatWindows(
            new SlidingWindow(_options.PerChatMessagesPerSecond, TimeSpan.FromSeconds(1)),
            isGroup ? new SlidingWindow(_options.GroupChatMessagesPerMinute, TimeSpan.FromMinutes(1)) : null);
        _chats[chatId] = windows;
        return windows;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b, TimeSpan c) => a > b ? (a > c ? a : c) : (b > c ? b : c);

    private sealed record ChatWindows(SlidingWindow PerSecond, SlidingWindow? PerMinute);
}
