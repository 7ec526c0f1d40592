using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SignalStreams.Testing;

namespace SignalStreams.Streams.Tests;

[Collection("kafka")]
public sealed class HostingTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task A_registered_processor_runs_with_the_host_and_reports_ready_once_restored()
    {
        var kit = new StreamsTestKit(kafka, partitions: 3);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Provisioning"] = "Off",
        });
        builder.Services.AddPartitionedProcessor<CountingProcessor>((options, _) =>
        {
            var template = kit.Options();
            options.ApplicationId = template.ApplicationId;
            options.InputTopics.AddRange(template.InputTopics);
            options.Stores.AddRange(template.Stores);
            options.CommitInterval = template.CommitInterval;
            foreach (var (key, value) in template.ConsumerOverrides)
            {
                options.ConsumerOverrides[key] = value;
            }
        });
        using var host = builder.Build();
        await host.StartAsync();
        var expected = kit.Produce(500, keys: 20);

        await kit.AssertFinalStateAsync(expected);
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await Eventually.UntilAsync(async () => (await health.CheckHealthAsync(c => c.Tags.Contains("ready"))).Status == HealthStatus.Healthy, "the processor reports ready");
        await host.StopAsync();
    }
}
