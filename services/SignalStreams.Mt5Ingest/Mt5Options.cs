using System.ComponentModel.DataAnnotations;
using SignalStreams.Contracts;

namespace SignalStreams.Mt5Ingest;

/// <summary>The <c>Mt5</c> configuration section (CONTRACT.md §6 plus the service's own keys).</summary>
public sealed class Mt5Options
{
    public const string SectionName = "Mt5";

    /// <summary>HMAC-SHA256 key of the <c>X-Signature</c> header. Secret: never logged or echoed.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Mt5:WebhookSecret is required: set it in appsettings.json or as the environment variable Mt5__WebhookSecret.")]
    public string WebhookSecret { get; set; } = "";

    /// <summary>MT5 symbol → trading pair (e.g. <c>BTCUSDr</c> → <c>BTCUSDT</c>); unmapped symbols are upper-cased as they are.</summary>
    public Dictionary<string, string> SymbolMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A position's message is edited with its current profit at most this often.</summary>
    [Range(0, 86_400, ErrorMessage = "Mt5:EditIntervalSeconds must be between 0 and 86400.")]
    public double EditIntervalSeconds { get; set; } = 10;

    /// <summary>Strength of the signals created for MT5 positions: WEAK, MODERATE, STRONG or VERY_STRONG.</summary>
    public string SignalStrength { get; set; } = "STRONG";

    /// <summary>Market of the signals created for MT5 positions: FUTURES or SPOT.</summary>
    public string Market { get; set; } = "FUTURES";

    /// <summary>The signal's <c>source</c>.</summary>
    public string SignalSource { get; set; } = "mt5";

    /// <summary>How far <c>t</c> of the signature may be from now.</summary>
    [Range(1, 3600, ErrorMessage = "Mt5:SignatureToleranceSeconds must be between 1 and 3600.")]
    public int SignatureToleranceSeconds { get; set; } = 300;

    /// <summary>Largest request body the webhook reads.</summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "Mt5:MaxBodyBytes must be between 1024 and 16777216.")]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The Streamiz application id (after <c>Kafka:TopicPrefix</c>): consumer group and prefix of the internal topics listed in topics.txt.</summary>
    public string ApplicationId { get; set; } = "mt5-ingest";

    /// <summary>How long the Redis claim on a position lasts while its signal is being created.</summary>
    [Range(1, 3600, ErrorMessage = "Mt5:ClaimSeconds must be between 1 and 3600.")]
    public int ClaimSeconds { get; set; } = 60;

    /// <summary>How long Redis remembers that a position is done (covers rebalance windows with a stale store).</summary>
    [Range(1, 24 * 90, ErrorMessage = "Mt5:DoneMarkerHours must be between 1 and 2160.")]
    public int DoneMarkerHours { get; set; } = 24;

    /// <summary>Prefix of the ingest's Redis keys.</summary>
    public string RedisKeyPrefix { get; set; } = "mt5:position:";

    /// <summary>How long one Telegram call may wait in all (rate limiter, 429 retry_after) before it is given up as not sent.</summary>
    [Range(1, 600, ErrorMessage = "Mt5:TelegramWaitSeconds must be between 1 and 600.")]
    public double TelegramWaitSeconds { get; set; } = 30;

    /// <summary>How often the timer looks for due trailing edits, held claims and retirements.</summary>
    [Range(50, 60_000, ErrorMessage = "Mt5:TimerIntervalMs must be between 50 and 60000.")]
    public int TimerIntervalMs { get; set; } = 1000;

    /// <summary>How long a closed position's mappings stay in the local store before only a retired marker is kept (the compacted topics keep the history).</summary>
    public TimeSpan StateRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long the retired marker of a closed position is kept; a late event for the position creates nothing while it is.</summary>
    public TimeSpan RetiredMarkerRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The configured strength by its wire name, or null when it is not one.</summary>
    public SignalStrength? ParsedStrength() => SignalStrength.Trim().ToUpperInvariant() switch
    {
        "WEAK" => Contracts.SignalStrength.Weak,
        "MODERATE" => Contracts.SignalStrength.Moderate,
        "STRONG" => Contracts.SignalStrength.Strong,
        "VERY_STRONG" => Contracts.SignalStrength.VeryStrong,
        _ => null,
    };

    /// <summary>The configured market by its wire name, or null when it is not one.</summary>
    public MarketType? ParsedMarket() => Market.Trim().ToUpperInvariant() switch
    {
        "FUTURES" => MarketType.Futures,
        "SPOT" => MarketType.Spot,
        _ => null,
    };

    /// <summary>Never prints the webhook secret.</summary>
    public override string ToString() => $"Mt5Options {{ WebhookSecret = {(string.IsNullOrEmpty(WebhookSecret) ? "(missing)" : "***")}, ApplicationId = {ApplicationId} }}";
}
