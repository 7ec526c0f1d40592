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
            .Validate(
                o => !Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) || (uri.AbsolutePath == "/" && uri.Query.Length == 0),
                "Telegram:BaseUrl must be scheme, host and port only (e.g. https://api.telegram.org): Telegram.Bot drops any path.")
            .Validate(
                o => string.IsNullOrEmpty(o.BotToken) || HasBotTokenShape(o.BotToken),
                "Telegram:BotToken must look like 123456789:AAE...: the bot id, a colon, then the secret.")
            .Validate(o => o.ConnectTimeoutSeconds < o.RequestTimeoutSeconds, "Telegram:ConnectTimeoutSeconds must be less than Telegram:RequestTimeoutSeconds.")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TelegramMetrics>();
        services.TryAddSingleton<TelegramRateLimiter>();
        services.TryAddSingleton<TelegramMessageClient>();
        services.TryAddSingleton<ITelegramBotClient>(sp => sp.GetRequiredService<TelegramMessageClient>());
        services.TryAddSingleton<PositionMessageFormatter>();
        return services;
    }

    /// <summary>What Telegram.Bot accepts (it throws otherwise): a numeric bot id of 1 to 16 digits before the first colon.</summary>
    private static bool HasBotTokenShape(string token)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon is >= 1 and <= 16 && token[..colon].All(char.IsAsciiDigit);
    }
}
