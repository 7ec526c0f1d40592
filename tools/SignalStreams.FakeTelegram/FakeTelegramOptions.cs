namespace SignalStreams.FakeTelegram;

/// <summary>The <c>FakeTelegram</c> configuration section of the standalone fake.</summary>
public sealed class FakeTelegramOptions
{
    public const string SectionName = "FakeTelegram";

    /// <summary>The only token the fake accepts; any other answers 401 Unauthorized, as Telegram does.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>Chats that exist; any other answers 400 "chat not found".</summary>
    public List<string> ChatIds { get; set; } = [];

    /// <summary>How long an accept-then-hang fault holds its answer when the fault names no duration.</summary>
    public double DefaultHangSeconds { get; set; } = 30;

    public override string ToString() => $"FakeTelegramOptions {{ ChatIds = [{string.Join(", ", ChatIds)}] }}";
}
