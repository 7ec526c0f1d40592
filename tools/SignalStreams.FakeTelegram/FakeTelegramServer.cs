using System.Globalization;
using SignalStreams.Hosting;

namespace SignalStreams.FakeTelegram;

/// <summary>
/// A fake Telegram running in this process on a loopback port, over real HTTP. Point a client at
/// <see cref="BaseUrl"/> with <see cref="BotToken"/>, then read <see cref="Messages"/> and <see cref="Calls"/>, or
/// inject faults. Dispose to stop it (hanging answers are released at once).
/// </summary>
public sealed class FakeTelegramServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeTelegramState _state;

    private FakeTelegramServer(WebApplication app, FakeTelegramState state, int port, FakeTelegramServerOptions options)
    {
        _app = app;
        _state = state;
        Port = port;
        BaseUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        BotToken = options.BotToken;
        ChatIds = options.ChatIds;
    }

    /// <summary>Root of the Bot API, for <c>Telegram:BaseUrl</c>.</summary>
    public string BaseUrl { get; }

    public int Port { get; }

    /// <summary>The one token the fake accepts, for <c>Telegram:BotToken</c>.</summary>
    public string BotToken { get; }

    /// <summary>The first known chat, for <c>Telegram:ChatId</c>.</summary>
    public string ChatId => ChatIds[0];

    public IReadOnlyList<string> ChatIds { get; }

    /// <summary>Every message in the order it was sent, with its current text and edit history.</summary>
    public IReadOnlyList<FakeTelegramMessage> Messages => _state.Messages;

    /// <summary>Every Bot API call in arrival order, including refused and faulted ones.</summary>
    public IReadOnlyList<FakeTelegramCall> Calls => _state.Calls;

    /// <summary>Faults still queued.</summary>
    public IReadOnlyList<FakeTelegramFault> Faults => _state.Faults;

    /// <summary>Starts a fake on <see cref="FakeTelegramServerOptions.Port"/> (default: a free port).</summary>
    public static async Task<FakeTelegramServer> StartAsync(FakeTelegramServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeTelegramServerOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeTelegramServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var settings = new Dictionary<string, string?>
        {
            [$"{FakeTelegramOptions.SectionName}:BotToken"] = options.BotToken,
            [$"{FakeTelegramOptions.SectionName}:DefaultHangSeconds"] = options.DefaultHang.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < options.ChatIds.Count; i++)
        {
            settings[string.Create(CultureInfo.InvariantCulture, $"{FakeTelegramOptions.SectionName}:ChatIds:{i}")] = options.ChatIds[i];
        }

        // Only these settings: no appsettings.json (copied next to the tests) and no ASPNETCORE_URLS from the environment.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{options.Port}"));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.AddServiceDefaults();
        builder.Logging.ClearProviders();
        if (options.LoggerProvider is { } provider)
        {
            builder.Logging.AddProvider(provider);
        }

        if (options.TimeProvider is { } timeProvider)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.AddFakeTelegram();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapFakeTelegram();
        await app.StartAsync(cancellationToken);

        var address = app.Urls.First();
        return new FakeTelegramServer(app, app.Services.GetRequiredService<FakeTelegramState>(), new Uri(address).Port, options);
    }

    /// <summary>Messages of one chat, oldest first.</summary>
    public IReadOnlyList<FakeTelegramMessage> MessagesIn(string chatId) => Messages.Where(m => m.ChatId == chatId).ToList();

    /// <summary>Queues a fault for the next <see cref="FakeTelegramFault.Count"/> matching calls.</summary>
    public void AddFault(FakeTelegramFault fault) => _state.AddFault(fault);

    /// <summary>The next <paramref name="count"/> calls answer 429 with <c>retry_after</c> = <paramref name="retryAfterSeconds"/>.</summary>
    public void RateLimitNext(int retryAfterSeconds, int count = 1, string? method = null) =>
        AddFault(new FakeTelegramFault(FakeTelegramFaultKind.RateLimit, count, method, RetryAfterSeconds: retryAfterSeconds));

    /// <summary>The next <paramref name="count"/> calls answer HTTP <paramref name="statusCode"/> (5xx) without recording anything.</summary>
    public void FailNext(int statusCode = 500, int count = 1, string? method = null) =>
        AddFault(new FakeTelegramFault(FakeTelegramFaultKind.ServerError, count, method, StatusCode: statusCode));

    /// <summary>The next <paramref name="count"/> calls are recorded, then their answer is held for <paramref name="hang"/>.</summary>
    public void AcceptThenHangNext(TimeSpan? hang = null, int count = 1, string? method = null) =>
        AddFault(new FakeTelegramFault(FakeTelegramFaultKind.AcceptThenHang, count, method, HangSeconds: hang?.TotalSeconds));

    public void ClearFaults() => _state.ClearFaults();

    /// <summary>Forgets every message, call and fault.</summary>
    public void Reset() => _state.Reset();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
