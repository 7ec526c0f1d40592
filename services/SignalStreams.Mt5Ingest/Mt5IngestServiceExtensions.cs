using SignalStreams.Contracts;
using SignalStreams.Mt5Ingest.OpenApi;
using SignalStreams.Redis;
using SignalStreams.Sdk;
using SignalStreams.Streams;
using SignalStreams.Telegram;

namespace SignalStreams.Mt5Ingest;

public static class Mt5IngestServiceExtensions
{
    /// <summary>
    /// The MT5 ingest: <c>Mt5</c> options (validated at start), the Telegram client, Redis claims, the signal
    /// publisher and the partitioned processor on <c>mt5-position-events</c> with its two changelogged stores.
    /// </summary>
    public static IHostApplicationBuilder AddMt5Ingest(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<Mt5Options>()
            .BindConfiguration(Mt5Options.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.ParsedStrength() is not null, "Mt5:SignalStrength must be WEAK, MODERATE, STRONG or VERY_STRONG.")
            .Validate(o => o.ParsedMarket() is not null, "Mt5:Market must be FUTURES or SPOT.")
            .Validate(o => o.StateRetention > TimeSpan.Zero, "Mt5:StateRetention must be positive (e.g. 1.00:00:00).")
            .Validate(o => o.RetiredMarkerRetention >= TimeSpan.FromDays(7) && o.RetiredMarkerRetention > TimeSpan.FromHours(o.DoneMarkerHours), "Mt5:RetiredMarkerRetention must be at least 7 days (the retention of mt5-position-events) and longer than Mt5:DoneMarkerHours.")
            .ValidateOnStart();
        services.AddTelegramBot();
        services.AddRedisClaims(); // the shared connection and the Degraded-not-Unhealthy "redis" readiness check
        services.AddSignalPublisher();
        services.AddSingleton<Mt5IngestMetrics>();
        services.AddSingleton<PositionClaims>();
        services.AddSingleton<PositionSignals>();
        services.AddSingleton<MessageEditThrottle>();
        services.AddSingleton<TelegramSender>();
        services.AddSingleton<PositionOpener>();
        services.AddSingleton<PositionMessageUpdater>();
        services.AddMt5IngestOpenApi();

        var mt5 = builder.Configuration.GetSection(Mt5Options.SectionName).Get<Mt5Options>() ?? new Mt5Options();
        services.AddPartitionedProcessor<PositionEventProcessor>((options, topics) =>
        {
            options.ApplicationId = mt5.ApplicationId;
            options.InputTopics.Add(topics.Mt5PositionEvents);
            options.AddStore(PositionEventProcessor.MappingsStore, topics.Mt5SignalMappings, ContractsJsonContext.Default.Mt5SignalMapping, SchemaNames.Mt5SignalMapping);
            options.AddStore(PositionEventProcessor.TelegramStore, topics.TelegramMappings, ContractsJsonContext.Default.TelegramMapping, SchemaNames.TelegramMapping);
            options.MaxConcurrentKeysPerPartition = mt5.MaxConcurrentPositionsPerPartition;
            options.DrainTimeout = TimeSpan.FromSeconds(mt5.DrainTimeoutSeconds);
            foreach (var (key, value) in mt5.Consumer)
            {
                options.ConsumerOverrides[key] = value;
            }
        });
        return builder;
    }

    /// <summary><c>POST /api/mt5/events</c>, and the OpenAPI document and reference page when enabled.</summary>
    public static WebApplication MapMt5Ingest(this WebApplication app)
    {
        Mt5EventsEndpoint.Map(app);
        app.MapMt5IngestReference();
        return app;
    }
}
