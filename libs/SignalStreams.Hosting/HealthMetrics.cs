using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SignalStreams.Hosting;

/// <summary>
/// Meter <c>SignalStreams.Hosting</c>: the last health report as gauges, so that an alert can see what
/// <c>/health/ready</c> says without probing it: <c>signal_streams.ready</c> (1 when readiness answers 200) and
/// <c>signal_streams.health.status{check}</c> (2 healthy, 1 degraded, 0 unhealthy — e.g. <c>check="redis"</c> is 1
/// while the executor runs on its state store alone). Fed by the health-check publisher every few seconds.
/// </summary>
internal sealed class HealthMetrics : IHealthCheckPublisher
{
    public const string MeterName = "SignalStreams.Hosting";

    private volatile HealthReport? _last;

    public HealthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("signal_streams.ready", ObserveReady, "{bool}", "1 when /health/ready answers 200 (every ready check healthy or degraded), 0 when it answers 503.");
        meter.CreateObservableGauge("signal_streams.health.status", ObserveChecks, "{status}", "Each health check's last status: 2 healthy, 1 degraded, 0 unhealthy.");
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _last = report;
        return Task.CompletedTask;
    }

    private IEnumerable<Measurement<int>> ObserveReady()
    {
        if (_last is { } report)
        {
            var unhealthy = report.Entries.Values.Any(e => e.Tags.Contains(ServiceDefaultsExtensions.ReadyTag) && e.Status == HealthStatus.Unhealthy);
            yield return new Measurement<int>(unhealthy ? 0 : 1);
        }
    }

    private IEnumerable<Measurement<int>> ObserveChecks() =>
        _last?.Entries.Select(e => new Measurement<int>((int)e.Value.Status, new KeyValuePair<string, object?>("check", e.Key))) ?? [];
}
