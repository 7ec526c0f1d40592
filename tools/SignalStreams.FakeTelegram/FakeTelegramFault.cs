namespace SignalStreams.FakeTelegram;

/// <summary>
/// A fault for the next <paramref name="Count"/> Bot API calls (only calls of <paramref name="Method"/>, e.g.
/// <c>sendMessage</c>, when given). Faults queue in the order they were added.
/// </summary>
public sealed record FakeTelegramFault(
    FakeTelegramFaultKind Kind,
    int Count = 1,
    string? Method = null,
    int RetryAfterSeconds = 2,
    int StatusCode = 500,
    double? HangSeconds = null);
