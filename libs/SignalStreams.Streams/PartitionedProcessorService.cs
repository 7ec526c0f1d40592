using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SignalStreams.Kafka;

namespace SignalStreams.Streams;

/// <summary>Hosts one <see cref="StreamProcessor"/>: starts it with the host, stops it gracefully (drain, commit, Close).</summary>
internal sealed class PartitionedProcessorService(
    StreamProcessorOptions options,
    IRecordProcessor processor,
    KafkaClientFactory clients,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    IMeterFactory meters) : IHostedService, IHealthCheck, IDisposable
{
    private StreamProcessor? _processor;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _processor = new StreamProcessor(options, processor, clients, loggerFactory, time, meters);
        _processor.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_processor is not null)
        {
            await _processor.StopAsync(cancellationToken);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_processor switch
        {
            null => HealthCheckResult.Unhealthy($"{options.ApplicationId} has not started."),
            { Fault: { } fault } => HealthCheckResult.Unhealthy($"{options.ApplicationId} stopped: {fault.GetType().Name}."),
            { IsReady: true } => HealthCheckResult.Healthy($"{options.ApplicationId} owns partitions {string.Join(",", _processor.AssignedPartitions)}, all restored."),
            _ => HealthCheckResult.Unhealthy($"{options.ApplicationId} is restoring its state stores."),
        });

    public void Dispose() => _processor?.Dispose();
}
