using System.ComponentModel.DataAnnotations;

namespace SignalStreams.Telegram;

/// <summary>The <c>Telegram</c> configuration section (CONTRACT.md §5 and §6).</summary>
public sealed class TelegramOptions
{
    public const string SectionName = "Telegram";

    /// <summary>Bot API root; the client calls <c>{BaseUrl}/bot{token}/{method}</c>.</summary>
    public string BaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>The bot token. Secret: it never appears in logs, exceptions, results or <see cref="ToString"/>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Telegram:BotToken is required: set it in appsettings.json or as the environment variable Telegram__BotToken.")]
    public string BotToken { get; set; } = "";

    /// <summary>The channel or group the MT5 ingest posts to (<c>-100...</c> or <c>@channelname</c>).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Telegram:ChatId is required: set it in appsettings.json or as the environment variable Telegram__ChatId.")]
    public string ChatId { get; set; } = "";

    /// <summary>How long one HTTP call may take; a call that times out after sending has an unknown outcome.</summary>
    [Range(0.05, 300, ErrorMessage = "Telegram:RequestTimeoutSeconds must be between 0.05 and 300.")]
    public double RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// How long establishing a connection may take. Kept below <see cref="RequestTimeoutSeconds"/> so that a connect
    /// timeout (nothing sent: retried) is told apart from a request timeout (maybe sent: unknown).
    /// </summary>
    [Range(0.05, 300, ErrorMessage = "Telegram:ConnectTimeoutSeconds must be between 0.05 and 300.")]
    public double ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>Extra attempts for a request that provably never left this machine (connection refused, DNS failure).</summary>
    [Range(0, 20, ErrorMessage = "Telegram:ConnectRetries must be between 0 and 20.")]
    public int ConnectRetries { get; set; } = 3;

    /// <summary>Delay before the first connect retry; it doubles on each further retry.</summary>
    [Range(0.001, 60, ErrorMessage = "Telegram:ConnectRetryDelaySeconds must be between 0.001 and 60.")]
    public double ConnectRetryDelaySeconds { get; set; } = 0.5;

    /// <summary>How many 429 answers one message may receive (each waited out) before it is reported as failed.</summary>
    [Range(0, 50, ErrorMessage = "Telegram:MaxRateLimitRetries must be between 0 and 50.")]
    public int MaxRateLimitRetries { get; set; } = 5;

    /// <summary>A 429 asking to wait longer than this is reported as failed instead of blocking the caller.</summary>
    [Range(1, 3600, ErrorMessage = "Telegram:MaxRetryAfterSeconds must be between 1 and 3600.")]
    public int MaxRetryAfterSeconds { get; set; } = 300;

    /// <summary>Messages per second to any single chat (Telegram: about 1).</summary>
    [Range(1, 100_000, ErrorMessage = "Telegram:PerChatMessagesPerSecond must be between 1 and 100000.")]
    public int PerChatMessagesPerSecond { get; set; } = 1;

    /// <summary>Messages per minute to one group or channel (Telegram: 20). Applies to chat ids starting with '-' or '@'.</summary>
    [Range(1, 6_000_000, ErrorMessage = "Telegram:GroupChatMessagesPerMinute must be between 1 and 6000000.")]
    public int GroupChatMessagesPerMinute { get; set; } = 20;

    /// <summary>Messages per second over all chats (Telegram: about 30).</summary>
    [Range(1, 100_000, ErrorMessage = "Telegram:GlobalMessagesPerSecond must be between 1 and 100000.")]
    public int GlobalMessagesPerSecond { get; set; } = 30;

    /// <summary>Never prints the token.</summary>
    public override string ToString() =>
        $"TelegramOptions {{ BaseUrl = {BaseUrl}, BotToken = {(string.IsNullOrEmpty(BotToken) ? "(missing)" : "***")}, ChatId = {ChatId} }}";
}
