using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SignalStreams.Kafka;

namespace SignalStreams.Streams;

/// <summary>
/// Hosts one <see cref="StreamProcessor"/> (its consume loop has its own thread). On shutdown it drains, commits and
/// leaves the group (Close); if the loop dies on a fatal error the service fails, which stops the host.
/// </summary>
internal sealed class PartitionedProcessorService(
    StreamProcessorOptions options,
    IRecordProcessor processor,
    KafkaClientFactory clients,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    IMeterFactory meters) : BackgroundService, IHealthCheck
{
    private StreamProcessor? _processor;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_processor switch
        {
            null => HealthCheckResult.Unhealthy($"{options.ApplicationId} has not started."),
            { Fault: { } fault } => HealthCheckResult.Unhealthy($"{options.ApplicationId} stopped: {fault.GetType().Name}."),
            { IsReady: true } => HealthCheckResult.Healthy($"{options.ApplicationId} owns partitions {string.Join(",", _processor.AssignedPartitions)}, all restored."),
            _ => HealthCheckResult.Unhealthy($"{options.ApplicationId} is restoring its state stores."),
        });

    public override void Dispose()
    {
        _processor?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _processor = new StreamProcessor(options, processor, clients, loggerFactory, meters, time);
        _processor.Start();
        await Task.WhenAny(_processor.Stopped, Task.Delay(Timeout.Infinite, stoppingToken));
        if (_processor.Fault is { } fault)
        {
            throw new InvalidOperationException($"The partitioned processor {options.ApplicationId} stopped on a fatal error.", fault);
        }

        await _processor.StopAsync(CancellationToken.None);
    }
}
