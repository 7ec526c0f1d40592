using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using SignalStreams.Hosting;
using SignalStreams.Kafka;

namespace SignalStreams.Streamiz;

public static class StreamsServiceCollectionExtensions
{
    /// <summary>
    /// Hosts the Streamiz application <paramref name="applicationId"/> (also its consumer group and the prefix
    /// of its internal topics, after <c>Kafka:TopicPrefix</c>), built by <paramref name="build"/>, configured from
    /// <c>Kafka:*</c> and <c>Streams:*</c>, part of <c>/health/ready</c>.
    /// </summary>
    public static IHostApplicationBuilder AddStreamsApplication(this IHostApplicationBuilder builder, string applicationId, Action<StreamTopology, IServiceProvider> build)
    {
        var services = builder.Services;
        services.AddSignalStreamsKafka();
        services.AddOptions<StreamsOptions>().BindConfiguration(StreamsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<DurabilityBarrier>();
        services.TryAddSingleton<StreamsRuntime>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<StreamsHost>(
            sp,
            applicationId,
            (Action<global::Streamiz.Kafka.Net.StreamBuilder>)(streams => build(new StreamTopology(streams, sp.GetRequiredService<StreamsRuntime>()), sp))));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<StreamsHost>());
        services.AddHealthChecks().Add(new HealthCheckRegistration("streams", sp => sp.GetRequiredService<StreamsHost>(), HealthStatus.Unhealthy, [ServiceDefaultsExtensions.ReadyTag]));
        return builder;
    }

    /// <summary>Registers <see cref="ContractTable{T}"/> of the contract topic <paramref name="baseTopic"/>; add it to the topology with <c>AddTo</c>.</summary>
    public static IServiceCollection AddContractTable<T>(this IServiceCollection services, string baseTopic, JsonTypeInfo<T> typeInfo, Func<T, ValidationResult>? validate = null)
        where T : class
    {
        services.TryAddSingleton(sp => new ContractTable<T>(baseTopic, typeInfo, validate, sp.GetRequiredService<ILoggerFactory>().CreateLogger("SignalStreams.Streamiz.Table." + baseTopic)));
        return services;
    }
}
