using SignalStreams.Contracts;
using SignalStreams.Redis;
using SignalStreams.Telegram;

namespace SignalStreams.Mt5Ingest;

/// <summary>What happens to a position: an event from the topic, or the answer of an effect the machine asked for.</summary>
public abstract record PositionInput
{
    private PositionInput()
    {
    }

    /// <summary>A <c>mt5-position-events</c> record (already parsed and validated, on the partition of its key).</summary>
    public sealed record Observed(PositionEvent Event) : PositionInput;

    /// <summary>The Redis claim's answer to a <see cref="PositionEffect.Claim"/>.</summary>
    public sealed record Claimed(PositionEvent Event, ClaimStatus Claim) : PositionInput;

    /// <summary>The signal is acknowledged on <c>signals</c>.</summary>
    public sealed record SignalPublished(Signal Signal) : PositionInput;

    /// <summary>The signal could not be published (the lock is released; a later event retries).</summary>
    public sealed record SignalFailed(string Reason) : PositionInput;

    /// <summary>The answer of closing the signal: <paramref name="Done"/> when CLOSED is acknowledged (or there is no signal).</summary>
    public sealed record SignalClosed(bool Done) : PositionInput;

    /// <summary>The answer of <c>sendMessage</c> for <paramref name="Text"/>.</summary>
    public sealed record MessageSent(string Text, TelegramResult Result) : PositionInput;

    /// <summary>The answer of <c>editMessageText</c> for <paramref name="Text"/>.</summary>
    public sealed record MessageEdited(string Text, TelegramResult Result) : PositionInput;

    /// <summary>The timer: trailing edits, held claims, retention.</summary>
    public sealed record Tick : PositionInput;
}
