using SignalStreams.Contracts;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// A side effect the machine asks for. Those that answer (claim, publish, send, edit) are fed back as a
/// <see cref="PositionInput"/>; the runtime runs them in order, after the new state is durable when
/// <see cref="PositionTransition.DurableFirst"/> says so.
/// </summary>
public abstract record PositionEffect
{
    private PositionEffect()
    {
    }

    /// <summary>Claim the position in Redis (answer: <see cref="PositionInput.Claimed"/>).</summary>
    public sealed record Claim(PositionEvent Event) : PositionEffect;

    /// <summary>Mark the Redis claim done (the fence for a stale store during a rebalance).</summary>
    public sealed record CompleteClaim : PositionEffect;

    /// <summary>End this instance's lease after a failure so that the next event may retry at once.</summary>
    public sealed record ReleaseClaim : PositionEffect;

    /// <summary>Publish the signal (answer: <see cref="PositionInput.SignalPublished"/> or <see cref="PositionInput.SignalFailed"/>).</summary>
    public sealed record PublishSignal(Signal Signal) : PositionEffect;

    /// <summary>Close the signal (CLOSED): no user opens it any more and every follower position opened from it is closed.</summary>
    public sealed record CloseSignal(string SignalId) : PositionEffect;

    /// <summary>Send the channel message (answer: <see cref="PositionInput.MessageSent"/>).</summary>
    public sealed record SendMessage(string ChatId, string Text) : PositionEffect;

    /// <summary>Edit the channel message (answer: <see cref="PositionInput.MessageEdited"/>).</summary>
    public sealed record EditMessage(string ChatId, long MessageId, string Text) : PositionEffect;

    /// <summary>The event cannot become a valid signal: dead-letter it with <paramref name="Reason"/>, write nothing.</summary>
    public sealed record Reject(string Reason) : PositionEffect;
}
