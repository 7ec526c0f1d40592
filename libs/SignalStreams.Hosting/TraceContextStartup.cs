using Microsoft.Extensions.Hosting;

namespace SignalStreams.Hosting;

/// <summary>Creates the activity listener when the host starts, before any consumer runs (singletons are otherwise built on first use).</summary>
internal sealed class TraceContextStartup(TraceContextListener traces) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(traces);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
