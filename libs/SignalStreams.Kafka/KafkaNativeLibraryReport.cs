using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SignalStreams.Kafka;

/// <summary>Logs at start which librdkafka the service runs on, so that a wrong native library shows at once.</summary>
internal sealed class KafkaNativeLibraryReport(ILogger<KafkaNativeLibraryReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var version = KafkaNativeLibrary.EnsureLoaded();
        logger.LogInformation("Kafka client: librdkafka {LibrdkafkaVersion} loaded from {LibrdkafkaPath}", version, KafkaNativeLibrary.LoadedFrom ?? "the platform's default location");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
