using System.Diagnostics.Metrics;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using SignalStreams.Kafka;

namespace SignalStreams.Streams;

public static class StreamsServiceCollectionExtensions
{
    /// <summary>Health checks of the runtime carry this tag, so <c>/health/ready</c> waits for restores and tables.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Runs <typeparamref name="TProcessor"/> as a partitioned processor hosted with the service. The callback gets
    /// the prefixed <see cref="TopicNames"/> to name inputs and changelogs, e.g.
    /// <c>services.AddPartitionedProcessor&lt;ExecutionProcessor&gt;((o, topics) =&gt; { o.ApplicationId = "signal-executor"; o.InputTopics.Add(topics.ExecutionCommands); })</c>.
    /// </summary>
    public static IServiceCollection AddPartitionedProcessor<TProcessor>(this IServiceCollection services, Action<StreamProcessorOptions, TopicNames> configure)
        where TProcessor : class, IRecordProcessor
    {
        services.AddSignalStreamsKafka();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TProcessor>();
        var name = typeof(TProcessor).Name;
        services.AddSingleton(sp =>
        {
            var options = new StreamProcessorOptions();
            configure(options, sp.GetRequiredService<TopicNames>());
            options.Validate();
            return new ProcessorRegistration(
                name,
                new PartitionedProcessorService(
                    options,
                    sp.GetRequiredService<TProcessor>(),
                    sp.GetRequiredService<KafkaClientFactory>(),
                    sp.GetRequiredService<ILoggerFactory>(),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<IMeterFactory>()));
        });
        services.AddSingleton<IHostedService>(sp => sp.GetServices<ProcessorRegistration>().Single(r => r.Name == name).Service);
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "processor-" + name,
            sp => sp.GetServices<ProcessorRegistration>().Single(r => r.Name == name).Service,
            HealthStatus.Unhealthy,
            [ReadyTag]));
        return services;
    }

    /// <summary>
    /// Registers a <see cref="GlobalTable{T}"/> of the contract topic <paramref name="baseTopic"/> (prefixed with
    /// <c>Kafka:TopicPrefix</c>), started with the host and part of readiness until loaded. Resolve it as
    /// <c>GlobalTable&lt;T&gt;</c>.
    /// </summary>
    public static IServiceCollection AddGlobalTable<T>(this IServiceCollection services, string baseTopic, JsonTypeInfo<T> typeInfo, Func<T, ValidationResult>? validate = null)
        where T : class
    {
        services.AddSignalStreamsKafka();
        services.TryAddSingleton(sp => new GlobalTable<T>(
            sp.GetRequiredService<TopicNames>().Name(baseTopic),
            typeInfo,
            sp.GetRequiredService<KafkaClientFactory>(),
            sp.GetRequiredService<DeadLetterPublisher>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("SignalStreams.Streams.GlobalTable." + baseTopic),
            validate));
        services.TryAddSingleton<GlobalTableService<T>>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<GlobalTableService<T>>());
        services.AddHealthChecks().Add(new HealthCheckRegistration("table-" + baseTopic, sp => sp.GetRequiredService<GlobalTableService<T>>(), HealthStatus.Unhealthy, [ReadyTag]));
        return services;
    }

    /// <summary>One hosted processor, found by its processor type's name.</summary>
    private sealed record ProcessorRegistration(string Name, PartitionedProcessorService Service);
}
