using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalStreams.Testing;

namespace SignalStreams.Telegram.Tests;

/// <summary>The client as a service wires it (configuration + AddTelegramBot), with a test clock and captured logs.</summary>
public sealed class TelegramClientHarness : IDisposable
{
    private readonly ServiceProvider _services;

    private TelegramClientHarness(ServiceProvider services, CapturingLoggerProvider logs, TimeProvider time)
    {
        _services = services;
        Logs = logs;
        Time = time;
        Client = services.GetRequiredService<ITelegramBotClient>();
    }

    public ITelegramBotClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    public TimeProvider Time { get; }

    public IServiceProvider Services => _services;

    public static TelegramClientHarness Create(string baseUrl, string botToken, string chatId, TimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Telegram:BaseUrl"] = baseUrl,
            ["Telegram:BotToken"] = botToken,
            ["Telegram:ChatId"] = chatId,
            ["Telegram:RequestTimeoutSeconds"] = "5",
            ["Telegram:ConnectTimeoutSeconds"] = "2",
            ["Telegram:ConnectRetries"] = "3",
            ["Telegram:ConnectRetryDelaySeconds"] = "0.5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var logs = new CapturingLoggerProvider();
        var clock = time ?? new ManualTimeProvider { AutoAdvance = true };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton(clock);
        services.AddTelegramBot();
        return new TelegramClientHarness(services.BuildServiceProvider(), logs, clock);
    }

    public static string Seconds(double seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _services.Dispose();
}
