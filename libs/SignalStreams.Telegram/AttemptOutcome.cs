namespace SignalStreams.Telegram;

/// <summary>What one Bot API request established.</summary>
internal abstract record AttemptOutcome
{
    /// <summary>Telegram applied it: the message sent (or edited) has <paramref name="MessageId"/>.</summary>
    public sealed record Accepted(long MessageId) : AttemptOutcome;

    /// <summary>Telegram answered with a Bot API error (4xx): it did not apply the request.</summary>
    public sealed record Refused(int ErrorCode, string Description, int? RetryAfterSeconds) : AttemptOutcome;

    /// <summary>Provably never left this machine (no connection): safe to try again.</summary>
    public sealed record NotSent(string Reason) : AttemptOutcome;

    /// <summary>May have reached Telegram: never repeat.</summary>
    public sealed record Unknown(string Reason) : AttemptOutcome;
}
