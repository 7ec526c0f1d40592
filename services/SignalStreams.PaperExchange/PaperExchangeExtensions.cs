using Microsoft.Extensions.DependencyInjection.Extensions;
using SignalStreams.Hosting;
using SignalStreams.PaperExchange.Endpoints;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.PaperExchange.Options;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange;

public static class PaperExchangeExtensions
{
    /// <summary>Options from the <c>PaperExchange</c> section, the exchange state, the order matcher and the price walk.</summary>
    public static IHostApplicationBuilder AddPaperExchange(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaperExchangeOptions>().BindConfiguration(PaperExchangeOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PaperExchangeState>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<PaperExchangeState>().Matcher);
        builder.Services.AddSingleton<PaperExchangeMetrics>();
        builder.Services.AddHostedService<PriceWalker>();
        builder.Services.AddHealthChecks().AddCheck("paper-exchange", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("Serving."), [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Binance spot and futures endpoints (with fault injection in front), the user data streams and the loopback-only admin API.</summary>
    public static WebApplication MapPaperExchange(this WebApplication app)
    {
        app.UseWebSockets();
        app.UseMiddleware<FaultMiddleware>();
        MarketDataEndpoints.Map(app);
        TickerEndpoints.Map(app);
        AccountEndpoints.Map(app);
        SpotOrderEndpoints.Map(app);
        SpotOrderListEndpoints.Map(app);
        FuturesOrderEndpoints.Map(app);
        FuturesAlgoEndpoints.Map(app);
        FuturesAccountEndpoints.Map(app);
        UserStreamEndpoints.Map(app);
        AdminEndpoints.Map(app);
        return app;
    }
}
