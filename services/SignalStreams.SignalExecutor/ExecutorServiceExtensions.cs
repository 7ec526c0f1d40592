using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.Redis;
using SignalStreams.Streams;

namespace SignalStreams.SignalExecutor;

public static class ExecutorServiceExtensions
{
    /// <summary>
    /// The executor: a partitioned processor over execution-commands and execution-requests with the executions
    /// store (changelog signal-executions), the signals, user-settings and user-credentials tables, Redis claims
    /// and the exchange clients.
    /// </summary>
    public static IHostApplicationBuilder AddSignalExecutor(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ExecutorOptions>().BindConfiguration(ExecutorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExchangeRoutingOptions>().BindConfiguration(ExchangeRoutingOptions.SectionName);
        services.AddRedisClaims(); // the shared connection and the Degraded-not-Unhealthy "redis" readiness check
        services.AddSignalStreamsExchange();
        services.AddSingleton<ExecutorMetrics>();
        services.AddSingleton<PendingExecutions>();
        services.AddSingleton<ExecutionClaims>();
        services.AddSingleton<KeyedLocks>();
        services.AddSingleton<UserExchangeResolver>();
        services.AddSingleton<ExecutionRunner>();
        services.AddGlobalTable("signals", ContractsJsonContext.Default.Signal, SignalValidator.Validate);
        services.AddGlobalTable("user-settings", ContractsJsonContext.Default.UserSettings, settings => settings.Validate());
        services.AddGlobalTable("user-credentials", ContractsJsonContext.Default.EncryptedCredentials, sealedCredentials => sealedCredentials.Validate());

        var executor = builder.Configuration.GetSection(ExecutorOptions.SectionName).Get<ExecutorOptions>() ?? new ExecutorOptions();
        services.AddPartitionedProcessor<ExecutionProcessor>((options, topics) =>
        {
            options.ApplicationId = executor.ApplicationId;
            options.InputTopics.Add(topics.ExecutionCommands);
            options.InputTopics.Add(topics.ExecutionRequests);
            options.AddStore(ExecutionProcessor.StoreName, topics.SignalExecutions, ContractsJsonContext.Default.SignalExecution, SchemaNames.SignalExecution);
            options.MaxConcurrentKeysPerPartition = executor.MaxConcurrentUsersPerPartition;
            foreach (var (key, value) in executor.Consumer)
            {
                options.ConsumerOverrides[key] = value;
            }
        });
        return builder;
    }
}
