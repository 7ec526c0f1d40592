using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace SignalStreams.Streams;

/// <summary>Starts a <see cref="GlobalTable{T}"/> with the host; ready once it has loaded.</summary>
internal sealed class GlobalTableService<T>(GlobalTable<T> table) : IHostedService, IHealthCheck
    where T : class
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        table.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        table.Dispose();
        return Task.CompletedTask;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Loaded.Status switch
        {
            TaskStatus.RanToCompletion => HealthCheckResult.Healthy($"{table.Topic}: {table.Count} rows loaded."),
            TaskStatus.Faulted => HealthCheckResult.Unhealthy($"{table.Topic}: the table stopped."),
            _ => HealthCheckResult.Unhealthy($"{table.Topic}: still loading."),
        });
}
