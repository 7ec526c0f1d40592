using SignalStreams.Mt5Ingest.OpenApi;
using SignalStreams.Redis;
using SignalStreams.Sdk;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SignalStreams.Streamiz;
using SignalStreams.Telegram;

namespace SignalStreams.Mt5Ingest;

public static class Mt5IngestServiceExtensions
{
    /// <summary>
    /// The MT5 ingest: <c>Mt5</c> options (validated at start), the Telegram client, Redis claims, the signal
    /// publisher and the Streamiz topology on <c>mt5-position-events</c> (<see cref="PositionTopology"/>).
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
        services.AddSingleton<PositionEffectRunner>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMt5IngestOpenApi();

        // Registered before AddStreamsApplication binds the Streams section, so configuration still overrides it: one
        // stream thread per partition an instance of two owns, so that a Telegram call waiting out its bound holds
        // only its own partition.
        services.Configure<StreamsOptions>(o => o.NumStreamThreads = 3);
        var applicationId = builder.Configuration.GetSection(Mt5Options.SectionName).Get<Mt5Options>()?.ApplicationId ?? "mt5-ingest";
        builder.AddStreamsApplication(applicationId, PositionTopology.Build);
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
