using System.ComponentModel.DataAnnotations;

namespace SignalStreams.SignalApi.Webhooks;

/// <summary>
/// The <c>Webhooks:TradingView</c> section: the sources allowed to publish through the TradingView webhook, each with
/// its own secret, default strength and rate limit, and the ticker → symbol map shared by every source.
/// </summary>
public sealed class TradingViewOptions
{
    public const string SectionName = "Webhooks:TradingView";

    /// <summary><c>Webhooks:TradingView:Sources:{sourceId}</c>. A sourceId not listed here is answered 401.</summary>
    public Dictionary<string, TradingViewSourceOptions> Sources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How long the webhook waits for Kafka's acknowledgement before answering 503; TradingView gives up after about
    /// 3 seconds, and a 503 tells the operator (alert log) that the alert may not have been published.
    /// </summary>
    [Range(100, 30_000)]
    public int AnswerWithinMs { get; set; } = 2500;

    /// <summary><c>Webhooks:TradingView:SymbolMap:{ticker}:Symbol</c> / <c>:Market</c>, e.g. <c>BTCUSD.P</c> → BTCUSDT FUTURES.</summary>
    public Dictionary<string, TradingViewSymbolOptions> SymbolMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One TradingView source.</summary>
public sealed class TradingViewSourceOptions
{
    public const int MinSecretLength = 16;

    /// <summary>Shared with the alert message's <c>secret</c> field; at least 16 characters. Never logged.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The strength of this source's signals when the alert does not say (WEAK, MODERATE, STRONG, VERY_STRONG).</summary>
    public string Strength { get; set; } = "STRONG";

    /// <summary>Alerts this source may send per minute, on average.</summary>
    [Range(1, 100_000)]
    public int PermitsPerMinute { get; set; } = 60;

    /// <summary>Alerts this source may send at once after being idle.</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 20;

    /// <summary>Never shows the secret.</summary>
    public override string ToString() => $"TradingViewSource {{ Strength = {Strength}, PermitsPerMinute = {PermitsPerMinute}, Burst = {Burst}, Secret = [redacted] }}";
}

/// <summary>What a TradingView ticker means on the exchange.</summary>
public sealed class TradingViewSymbolOptions
{
    public string Symbol { get; set; } = "";

    /// <summary>FUTURES or SPOT; empty = the alert's <c>market</c>, else FUTURES.</summary>
    public string? Market { get; set; }
}
