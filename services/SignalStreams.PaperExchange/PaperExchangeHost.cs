using SignalStreams.PaperExchange.Faults;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange;

/// <summary>A paper exchange running in this process (see <see cref="PaperExchangeApp.StartAsync"/>): its URL and its state.</summary>
public sealed class PaperExchangeHost(WebApplication app, Uri baseUrl) : IAsyncDisposable
{
    /// <summary>e.g. http://127.0.0.1:41234 — both spot (/api/v3) and futures (/fapi) are served here.</summary>
    public Uri BaseUrl { get; } = baseUrl;

    public IServiceProvider Services => app.Services;

    public PaperExchangeState State => app.Services.GetRequiredService<PaperExchangeState>();

    /// <summary>Every order accepted so far.</summary>
    public PaperOrderBook Orders => State.Orders;

    public FaultInjector Faults => State.Faults;

    public PriceFeed Prices => State.Prices;

    public ExchangeClock Clock => State.Clock;

    /// <summary>User data stream subscribers and listen keys.</summary>
    public Streams.UserStreams Streams => State.Streams;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
