using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.Redis;
using SignalStreams.SignalExecutor.Dispatch;
using SignalStreams.SignalExecutor.Machine;
using SignalStreams.SignalExecutor.Topology;
using SignalStreams.SignalExecutor.UserData;
using SignalStreams.Streamiz;

namespace SignalStreams.SignalExecutor;

public static class ExecutorServiceExtensions
{
    /// <summary>
    /// The executor: the Streamiz application <c>signal-executor</c> (<see cref="ExecutorTopology"/>), the machine, the
    /// exchange dispatcher with its bulkheads, Redis claims, the exchange clients and the users' data streams.
    /// </summary>
    public static IHostApplicationBuilder AddSignalExecutor(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ExecutorOptions>().BindConfiguration(ExecutorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExchangeDispatcherOptions>().BindConfiguration(ExchangeDispatcherOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExchangeRoutingOptions>().BindConfiguration(ExchangeRoutingOptions.SectionName);
        services.AddRedisClaims(); // the shared connection and the Degraded-not-Unhealthy "redis" readiness check
        services.AddSignalStreamsExchange();
        services.AddSingleton<ExecutorMetrics>();
        services.AddSingleton<PendingExecutions>();
        services.AddSingleton<IExecutionClaims, ExecutionClaims>();
        services.AddSingleton<UserExchangeResolver>();
        services.AddSingleton<IUserExchanges>(sp => sp.GetRequiredService<UserExchangeResolver>());
        services.AddSingleton<ExchangeCallRunner>();
        services.AddSingleton(sp => new CheckBudget(sp.GetRequiredService<IOptions<ExecutorOptions>>().Value.ProtectionCheckWeightPerMinute, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var resolver = sp.GetRequiredService<UserExchangeResolver>();
            var streams = new UserDataStreams(resolver, resolver.EndpointOf, sp.GetRequiredService<IOptions<ExecutorOptions>>(), sp.GetRequiredService<ExecutorMetrics>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<UserDataStreams>>());
            sp.GetRequiredService<ExecutorMetrics>().Observe(streams);
            return streams;
        });
        services.AddSingleton(sp => new ExecutionMachine(ExecutionMachineSettings.From(sp.GetRequiredService<IOptions<ExecutorOptions>>().Value)));
        services.AddSingleton(sp =>
        {
            var runner = sp.GetRequiredService<ExchangeCallRunner>();
            var resolver = sp.GetRequiredService<UserExchangeResolver>();
            var dispatcher = new ExchangeDispatcher(runner.RunAsync, call => call.Kind switch
            {
                ExchangeCallKind.Claim => "redis",
                ExchangeCallKind.Confirm => "kafka",
                _ => resolver.EndpointOf(call.Venue, call.Market),
            }, sp.GetRequiredService<IOptions<ExchangeDispatcherOptions>>().Value);
            sp.GetRequiredService<ExecutorMetrics>().Observe(dispatcher);
            return dispatcher;
        });
        services.AddContractTable("signals", ContractsJsonContext.Default.Signal, SignalValidator.Validate);
        services.AddContractTable("user-settings", ContractsJsonContext.Default.UserSettings, settings => settings.Validate());
        services.AddContractTable("user-credentials", ContractsJsonContext.Default.EncryptedCredentials, sealedCredentials => sealedCredentials.Validate());
        builder.AddStreamsApplication(ExecutorTopology.ApplicationId, ExecutorTopology.Build);
        return builder;
    }
}
