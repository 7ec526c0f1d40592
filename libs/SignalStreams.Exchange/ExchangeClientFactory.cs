using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SignalStreams.Exchange.Binance;
using SignalStreams.Exchange.Credentials;

namespace SignalStreams.Exchange;

/// <summary>
/// The one place exchange clients come from: one pooled <see cref="HttpClient"/> for every client, and per base
/// URL one <c>BinanceHost</c> (circuit breaker, Retry-After gate, server-time offset, exchangeInfo cache).
/// </summary>
public sealed class ExchangeClientFactory : IExchangeClientFactory, IDisposable
{
    private readonly HttpClient _http;
    private readonly ExchangeClientOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly BinanceTransport _transport;
    private readonly ConcurrentDictionary<string, BinanceHost> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public ExchangeClientFactory(IMeterFactory meters, ExchangeClientOptions? options = null, ILoggerFactory? loggers = null, HttpMessageHandler? handler = null)
    {
        _options = options ?? new ExchangeClientOptions();
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = 256,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            // Timeouts belong to the resilience pipeline (different for reads and orders).
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _transport = new BinanceTransport(_http, _options, new ExchangeMetrics(meters), _loggers.CreateLogger<BinanceTransport>());
    }

    public IExchangeClient Create(ExchangeEndpoints endpoints, ApiCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(credentials);
        return new BinanceExchangeClient(HostFor(endpoints.SpotBaseUrl), HostFor(endpoints.FuturesBaseUrl), endpoints, credentials, _transport, _options, _loggers.CreateLogger<IExchangeClient>());
    }

    public IExchangeClient Create(Uri baseUrl, ApiCredentials credentials) => Create(ExchangeEndpoints.Single(baseUrl), credentials);

    public void Dispose() => _http.Dispose();

    private BinanceHost HostFor(Uri baseUrl) => _hosts.GetOrAdd(baseUrl.AbsoluteUri.TrimEnd('/'), _ => new BinanceHost(baseUrl, _options));
}
