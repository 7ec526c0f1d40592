namespace SignalStreams.FakeTelegram;

/// <summary>One accepted editMessageText: the text the message showed from <paramref name="EditedAt"/> on.</summary>
public sealed record FakeTelegramEdit(string Text, DateTimeOffset EditedAt);
