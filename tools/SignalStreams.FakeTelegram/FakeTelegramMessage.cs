namespace SignalStreams.FakeTelegram;

/// <summary>
/// A message held by the fake: its current <paramref name="Text"/> (as sent, with markup), the text Telegram would
/// show (<paramref name="PlainText"/>, entities decoded, tags removed) and every edit in order.
/// </summary>
public sealed record FakeTelegramMessage(
    string ChatId,
    long MessageId,
    string Text,
    string PlainText,
    string? ParseMode,
    bool LinkPreviewDisabled,
    DateTimeOffset SentAt,
    IReadOnlyList<FakeTelegramEdit> Edits);
