namespace SignalStreams.FakeTelegram;

/// <summary>One Bot API call as the fake saw it, with the answer it gave (or the fault it applied).</summary>
public sealed record FakeTelegramCall(
    long Sequence,
    string Method,
    string? ChatId,
    long? MessageId,
    string? Text,
    DateTimeOffset At,
    int StatusCode,
    string? Description,
    FakeTelegramFaultKind? Fault);
