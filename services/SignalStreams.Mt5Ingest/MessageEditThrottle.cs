using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// Per position, the text the channel message shows and when it was last written, so that an update edits the
/// message at most once per <c>Mt5:EditIntervalSeconds</c> and only when the text changes. In memory on purpose:
/// after a restart the first edit may repeat the shown text, which Telegram answers "not modified" (harmless).
/// </summary>
public sealed class MessageEditThrottle(IOptions<Mt5Options> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string Text, DateTimeOffset At)> _shown = new(StringComparer.Ordinal);

    public void Shown(string positionKey, string text) => _shown[positionKey] = (text, time.GetUtcNow());

    /// <summary>True when <paramref name="text"/> differs from what is shown and the interval has passed.</summary>
    public bool ShouldEdit(string positionKey, string text)
    {
        if (!_shown.TryGetValue(positionKey, out var shown))
        {
            return true;
        }

        return shown.Text != text && time.GetUtcNow() - shown.At >= TimeSpan.FromSeconds(options.Value.EditIntervalSeconds);
    }

    public void Forget(string positionKey) => _shown.TryRemove(positionKey, out _);
}
