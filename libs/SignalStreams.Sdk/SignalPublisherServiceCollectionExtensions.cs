using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SignalStreams.Kafka;

namespace SignalStreams.Sdk;

public static class SignalPublisherServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SignalPublisher"/> and the Kafka clients it needs. Configuration comes from the
    /// <c>Kafka</c> section (<c>Kafka:BootstrapServers</c> required, <c>Kafka:TopicPrefix</c>,
    /// <c>Kafka:Client:{librdkafka property}</c> for SASL/SSL); <paramref name="configure"/> can set or override it.
    /// </summary>
    public static IServiceCollection AddSignalPublisher(this IServiceCollection services, Action<KafkaOptions>? configure = null)
    {
        services.AddKafkaClients();
        if (configure is not null)
        {
            services.PostConfigure(configure);
        }

        services.TryAddSingleton<SignalPublisher>();
        return services;
    }
}
