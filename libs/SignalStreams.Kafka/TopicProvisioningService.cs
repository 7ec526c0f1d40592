using Microsoft.Extensions.Hosting;
using SignalStreams.Contracts;

namespace SignalStreams.Kafka;

/// <summary>Runs topic provisioning before the service's consumers start (hosted services start in order).</summary>
internal sealed class TopicProvisioningService(ITopicProvisioner provisioner, TopicNames topics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => provisioner.EnsureAsync(topics.All().ToList(), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
