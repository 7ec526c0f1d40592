namespace SignalStreams.FakeTelegram;

/// <summary>How <see cref="FakeTelegramServer.StartAsync"/> starts an in-process fake.</summary>
public sealed record FakeTelegramServerOptions
{
    /// <summary>The token the fake accepts (looks like a real one: digits, colon, secret).</summary>
    public string BotToken { get; init; } = "123456789:AAFakeTokenForTests-do-not-log-me";

    /// <summary>Chats that exist; the first is <see cref="FakeTelegramServer.ChatId"/>.</summary>
    public IReadOnlyList<string> ChatIds { get; init; } = ["-1001000000001"];

    /// <summary>Loopback port; 0 = a free one chosen by the OS.</summary>
    public int Port { get; init; }

    /// <summary>Clock for the recorded times of messages, edits and calls (a test clock makes them exact).</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Hold time of accept-then-hang faults that name none.</summary>
    public TimeSpan DefaultHang { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the fake's own logs go; none by default (tests stay quiet).</summary>
    public ILoggerProvider? LoggerProvider { get; init; }
}
