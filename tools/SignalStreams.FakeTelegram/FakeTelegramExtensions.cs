using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SignalStreams.FakeTelegram;

public static class FakeTelegramExtensions
{
    /// <summary>
    /// Registers the fake's state and options (section <c>FakeTelegram</c>; BotToken and at least one chat id are
    /// required and checked at start).
    /// </summary>
    public static IHostApplicationBuilder AddFakeTelegram(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FakeTelegramOptions>()
            .BindConfiguration(FakeTelegramOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.BotToken), "FakeTelegram:BotToken is required: set it in appsettings.json or as the environment variable FakeTelegram__BotToken.")
            .Validate(o => o.ChatIds.Count > 0, "FakeTelegram:ChatIds needs at least one chat id: set FakeTelegram:ChatIds:0 (environment variable FakeTelegram__ChatIds__0).")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<FakeTelegramState>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNameCaseInsensitive = true);
        return builder;
    }

    /// <summary>Maps the Bot API endpoints and the loopback-only <c>/admin</c> API.</summary>
    public static WebApplication MapFakeTelegram(this WebApplication app)
    {
        AdminEndpoints.Map(app);
        BotApiEndpoints.Map(app);
        return app;
    }
}
