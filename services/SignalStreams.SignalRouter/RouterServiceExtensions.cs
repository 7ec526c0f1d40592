using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Streamiz;

namespace SignalStreams.SignalRouter;

public static class RouterServiceExtensions
{
    /// <summary>
    /// The router: a Streamiz application (<c>signal-router</c>) over <c>signals</c> with its <c>fanouts</c> and
    /// <c>due</c> stores, and the <c>user-settings</c> global table.
    /// </summary>
    public static IHostApplicationBuilder AddSignalRouter(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RouterOptions>().BindConfiguration(RouterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RouterMetrics>();
        services.AddContractTable("user-settings", ContractsJsonContext.Default.UserSettings, settings => settings.Validate());
        var applicationId = builder.Configuration[$"{RouterOptions.SectionName}:{nameof(RouterOptions.ApplicationId)}"] ?? new RouterOptions().ApplicationId;
        builder.AddStreamsApplication(applicationId, (topology, sp) =>
        {
            var users = sp.GetRequiredService<ContractTable<UserSettings>>();
            var options = sp.GetRequiredService<IOptions<RouterOptions>>().Value;
            var metrics = sp.GetRequiredService<RouterMetrics>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<FanoutTask>();
            users.AddTo(topology);
            topology.Run(
                topology.Source(topology.Topics.Signals),
                "fanout",
                () => new FanoutTask(users, options, metrics, logger),
                StreamTopology.Store(FanoutTask.StoreName),
                StreamTopology.Store(FanoutTask.DueStoreName));
        });
        return builder;
    }
}
