using System.Diagnostics.Metrics;

namespace SignalStreams.SignalApi;

/// <summary>Meter <c>SignalStreams.SignalApi</c>: what callers asked the front door to do.</summary>
public sealed class SignalApiMetrics
{
    public const string MeterName = "SignalStreams.SignalApi";

    private readonly Counter<long> _published;
    private readonly Counter<long> _cancelled;
    private readonly Counter<long> _closed;
    private readonly Counter<long> _closeRequests;
    private readonly Counter<long> _settings;
    private readonly Counter<long> _credentials;
    private readonly Counter<long> _executionRequests;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _tradingViewAlerts;

    public SignalApiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _published = meter.CreateCounter<long>("signal_streams.api.signals_published", "{signal}", "Signals published through POST /api/signals.");
        _cancelled = meter.CreateCounter<long>("signal_streams.api.signals_cancelled", "{signal}", "Signals cancelled through the API.");
        _closed = meter.CreateCounter<long>("signal_streams.api.signals_closed", "{signal}", "Signals closed (CLOSED: followers' positions close) through the API.");
        _closeRequests = meter.CreateCounter<long>("signal_streams.api.position_close_requests", "{request}", "Manual position close requests, by outcome.");
        _settings = meter.CreateCounter<long>("signal_streams.api.settings_written", "{record}", "User settings written to user-settings.");
        _credentials = meter.CreateCounter<long>("signal_streams.api.credentials_written", "{record}", "Sealed credentials written to user-credentials.");
        _executionRequests = meter.CreateCounter<long>("signal_streams.api.execution_requests", "{request}", "Manual execution requests, by outcome.");
        _rejected = meter.CreateCounter<long>("signal_streams.api.invalid_requests", "{request}", "Requests answered 400 because the input was invalid.");
        _rateLimited = meter.CreateCounter<long>("signal_streams.api.rate_limited", "{request}", "Requests refused with 429.");
        _tradingViewAlerts = meter.CreateCounter<long>("signal_streams.api.tradingview_alerts", "{alert}", "TradingView webhook alerts, by outcome.");
    }

    public void Published() => _published.Add(1);

    public void Cancelled() => _cancelled.Add(1);

    public void Closed() => _closed.Add(1);

    public void CloseRequest(string outcome) => _closeRequests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void SettingsWritten() => _settings.Add(1);

    public void CredentialsWritten() => _credentials.Add(1);

    public void ExecutionRequest(string outcome) => _executionRequests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Invalid() => _rejected.Add(1);

    public void RateLimited() => _rateLimited.Add(1);

    public void TradingViewAlert(string outcome) => _tradingViewAlerts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
