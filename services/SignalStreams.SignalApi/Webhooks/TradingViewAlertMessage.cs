using System.Text.Json.Serialization;

namespace SignalStreams.SignalApi.Webhooks;

/// <summary>
/// The JSON message a TradingView alert sends to <c>POST /api/webhooks/tradingview/{sourceId}</c> (a contract
/// addition, docs/contract-additions.md). TradingView fills the placeholders (<c>{{ticker}}</c>, <c>{{close}}</c>, ...)
/// and cannot add headers, so the secret travels in the body. Numbers may also arrive as strings.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
public sealed record TradingViewAlertMessage
{
    /// <summary>The source's secret (Webhooks:TradingView:Sources:{sourceId}:Secret). Never logged or echoed.</summary>
    public string? Secret { get; init; }

    /// <summary>The alert's own id, e.g. <c>{{strategy.order.id}}-{{timenow}}</c>; the signalId is derived from it.</summary>
    public string? Id { get; init; }

    /// <summary><c>{{ticker}}</c>, e.g. <c>BTCUSDT.P</c> (perpetual: FUTURES) or <c>BTCUSDT</c>; an exchange prefix (<c>BINANCE:</c>) is dropped.</summary>
    public string? Ticker { get; init; }

    /// <summary><c>buy</c> or <c>sell</c> in any case, e.g. <c>{{strategy.order.action}}</c>.</summary>
    public string? Side { get; init; }

    /// <summary>The entry price, e.g. <c>{{close}}</c>.</summary>
    public decimal? Price { get; init; }

    /// <summary><c>FUTURES</c> (default) or <c>SPOT</c>, any case.</summary>
    public string? Market { get; init; }

    public decimal? StopLoss { get; init; }

    public decimal? TakeProfit { get; init; }

    /// <summary>WEAK, MODERATE, STRONG or VERY_STRONG, any case; default: the source's configured strength.</summary>
    public string? Strength { get; init; }

    public int? Leverage { get; init; }

    /// <summary>Minutes until the signal expires (1-1440); default 5.</summary>
    public int? ExpiresInMinutes { get; init; }

    /// <summary><c>open</c> (default), <c>cancel</c> (cancels the signal of the alert with the same <c>id</c>) or <c>close</c> (refused for now).</summary>
    public string? Action { get; init; }

    /// <summary>Never shows the secret (a record's generated ToString would).</summary>
    public override string ToString() =>
        $"TradingViewAlertMessage {{ Id = {Id}, Ticker = {Ticker}, Side = {Side}, Price = {Price}, Action = {Action}, Secret = [redacted] }}";
}
