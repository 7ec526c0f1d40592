using System.Diagnostics.Metrics;

namespace SignalStreams.Telegram;

/// <summary>Meter <c>SignalStreams.Telegram</c>: calls by method and outcome, unknown outcomes, rate-limit waits.</summary>
public sealed class TelegramMetrics
{
    public const string MeterName = "SignalStreams.Telegram";

    private readonly Counter<long> _calls;
    private readonly Counter<long> _unknown;
    private readonly Counter<long> _rateLimitWaits;
    private readonly Histogram<double> _rateLimitWaitSeconds;

    public TelegramMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateCounter<long>("signal_streams.telegram.calls", description: "Bot API calls by method and outcome (sent, edited, not_modified, failed, unknown, refused).");
        _unknown = meter.CreateCounter<long>("signal_streams.telegram.unknown_outcomes", description: "Calls that may or may not have reached Telegram; never resent, an operator must look.");
        _rateLimitWaits = meter.CreateCounter<long>("signal_streams.telegram.rate_limit_waits", description: "Waits before a call, by source: the local limiter or a 429 answer.");
        _rateLimitWaitSeconds = meter.CreateHistogram<double>("signal_streams.telegram.rate_limit_wait_seconds", unit: "s", description: "How long each rate-limit wait was.");
    }

    internal void Call(string method, string outcome) =>
        _calls.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("outcome", outcome));

    internal void UnknownOutcome(string method) => _unknown.Add(1, new KeyValuePair<string, object?>("method", method));

    internal void RateLimitWait(string source, TimeSpan wait)
    {
        var tag = new KeyValuePair<string, object?>("source", source);
        _rateLimitWaits.Add(1, tag);
        _rateLimitWaitSeconds.Record(wait.TotalSeconds, tag);
    }
}
