using Microsoft.Extensions.Hosting;

namespace SignalStreams.Hosting;

/// <summary>
/// Creates the metric and trace listeners when the host starts, before any consumer runs, so that no measurement
/// or trace made before the first scrape is lost (singletons are otherwise built on first use).
/// </summary>
internal sealed class ObservabilityStartup(PrometheusExporter exporter, TraceContextListener traces, TelemetryExport export) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(exporter);
        GC.KeepAlive(traces);
        GC.KeepAlive(export);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        export.Flush();
        return Task.CompletedTask;
    }
}
