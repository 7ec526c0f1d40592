using SignalStreams.Contracts;
using SignalStreams.Streams;

namespace SignalStreams.SignalRouter;

public static class RouterServiceExtensions
{
    /// <summary>The router: a partitioned processor over <c>signals</c> with its fan-out store, and the user-settings table.</summary>
    public static IHostApplicationBuilder AddSignalRouter(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RouterOptions>().BindConfiguration(RouterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RouterMetrics>();
        services.AddGlobalTable("user-settings", ContractsJsonContext.Default.UserSettings, settings => settings.Validate());
        var router = builder.Configuration.GetSection(RouterOptions.SectionName).Get<RouterOptions>() ?? new RouterOptions();
        services.AddPartitionedProcessor<FanoutProcessor>((options, topics) =>
        {
            options.ApplicationId = router.ApplicationId;
            options.InputTopics.Add(topics.Signals);
            options.AddStore(FanoutProcessor.StoreName, topics.SignalRouterState, RouterJsonContext.Default.FanoutState, RouterJsonContext.FanoutStateSchema);
            foreach (var (key, value) in router.Consumer)
            {
                options.ConsumerOverrides[key] = value;
            }
        });
        return builder;
    }
}
