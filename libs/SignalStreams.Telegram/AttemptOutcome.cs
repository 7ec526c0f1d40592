namespace SignalStreams.Telegram;

/// <summary>What one HTTP attempt established.</summary>
internal abstract record AttemptOutcome
{
    /// <summary>Provably never left this machine (no connection): safe to try again.</summary>
    public sealed record NotSent(string Reason) : AttemptOutcome;

    /// <summary>Telegram answered with a readable Bot API body.</summary>
    public sealed record Answered(BotApiAnswer Answer) : AttemptOutcome;

    /// <summary>May have reached Telegram: never repeat.</summary>
    public sealed record Unknown(string Reason) : AttemptOutcome;
}
