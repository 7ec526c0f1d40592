using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;

namespace SignalStreams.Kafka;

public static class KafkaServiceCollectionExtensions
{
    /// <summary>
    /// Loads librdkafka from the package (<see cref="KafkaNativeLibrary"/>, logged first at start), and registers the
    /// <c>Kafka</c> options (validated at start), the client factory, topic names with the prefix, one shared
    /// idempotent producer, the contract record writer and the dead-letter publisher.
    /// </summary>
    public static IServiceCollection AddKafkaClients(this IServiceCollection services)
    {
        // Here, at registration, so that nothing the host builds afterwards can load another librdkafka first.
        KafkaNativeLibrary.EnsureLoaded();
        if (!services.Any(d => d.ImplementationType == typeof(KafkaNativeLibraryReport)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, KafkaNativeLibraryReport>());
        }

        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KafkaClientFactory>();
        services.TryAddSingleton(sp => new TopicNames(sp.GetRequiredService<IOptions<KafkaOptions>>().Value.TopicPrefix));
        services.TryAddSingleton<IProducer<string, byte[]>>(sp => sp.GetRequiredService<KafkaClientFactory>().CreateProducer("signal-streams-producer"));
        services.TryAddSingleton<ContractRecordWriter>();
        services.TryAddSingleton<DeadLetterPublisher>();
        return services;
    }

    /// <summary>
    /// <see cref="AddKafkaClients"/> plus topic provisioning at start (<c>Kafka:Provisioning</c>), registered ahead
    /// of every other hosted service so that no consumer starts before its topics exist.
    /// </summary>
    public static IServiceCollection AddSignalStreamsKafka(this IServiceCollection services)
    {
        services.AddKafkaClients();
        services.TryAddSingleton<ITopicProvisioner, AdminTopicProvisioner>();
        if (!services.Any(d => d.ImplementationType == typeof(TopicProvisioningService)))
        {
            // Right after the librdkafka report, ahead of every consumer.
            var report = services.IndexOf(services.First(d => d.ImplementationType == typeof(KafkaNativeLibraryReport)));
            services.Insert(report + 1, ServiceDescriptor.Singleton<IHostedService, TopicProvisioningService>());
        }

        return services;
    }
}
