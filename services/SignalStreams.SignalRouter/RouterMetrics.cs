using System.Diagnostics.Metrics;

namespace SignalStreams.SignalRouter;

/// <summary>Meter <c>SignalStreams.Router</c>: what the fan-out did.</summary>
public sealed class RouterMetrics
{
    public const string MeterName = "SignalStreams.Router";

    private readonly Counter<long> _fannedOut;
    private readonly Counter<long> _commands;
    private readonly Counter<long> _filtered;
    private readonly Counter<long> _expired;

    public RouterMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _fannedOut = meter.CreateCounter<long>("signal_streams.router.signals_fanned_out", "{signal}", "Signals fanned out to their eligible users.");
        _commands = meter.CreateCounter<long>("signal_streams.router.commands", "{command}", "Execution commands emitted, one per eligible user and signal.");
        _filtered = meter.CreateCounter<long>("signal_streams.router.users_filtered", "{user}", "Users whose settings did not admit a signal, by reason.");
        _expired = meter.CreateCounter<long>("signal_streams.router.signals_expired", "{signal}", "Signals the router published as EXPIRED at expiresAt.");
    }

    public void FannedOut(int commands)
    {
        _fannedOut.Add(1);
        _commands.Add(commands);
    }

    public void Filtered(string reason) => _filtered.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Expired() => _expired.Add(1);
}
