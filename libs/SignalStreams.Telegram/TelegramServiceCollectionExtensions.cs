using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SignalStreams.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <c>Telegram</c> options (validated at start: a missing <c>Telegram:BotToken</c> or
    /// <c>Telegram:ChatId</c> stops the service with one sentence naming the key), the rate limiter, metrics, the
    /// <see cref="ITelegramBotClient"/> and the <see cref="PositionMessageFormatter"/>.
    /// </summary>
    public static IServiceCollection AddTelegramBot(this IServiceCollection services)
    {
        services.AddOptions<TelegramOptions>()
            .BindConfiguration(TelegramOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps),
                "Telegram:BaseUrl must be an absolute http or https URL.")
            .Validate(o => o.ConnectTimeoutSeconds < o.RequestTimeoutSeconds, "Telegram:ConnectTimeoutSeconds must be less than Telegram:RequestTimeoutSeconds.")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TelegramMetrics>();
        services.TryAddSingleton<TelegramRateLimiter>();
        services.TryAddSingleton<TelegramBotClient>();
        services.TryAddSingleton<ITelegramBotClient>(sp => sp.GetRequiredService<TelegramBotClient>());
        services.TryAddSingleton<PositionMessageFormatter>();
        return services;
    }
}
