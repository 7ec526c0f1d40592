using SignalStreams.Exchange.Binance;
using SignalStreams.Exchange.Credentials;

namespace SignalStreams.Exchange;

/// <summary>
/// Builds clients that share one HTTP connection pool and, per base URL, one circuit breaker, Retry-After gate,
/// server-time offset and exchangeInfo cache. Clients are cheap: make one per user and call.
/// </summary>
public interface IExchangeClientFactory
{
    IExchangeClient Create(ExchangeEndpoints endpoints, ApiCredentials credentials);

    /// <summary>Both markets on one base URL (the paper exchange).</summary>
    IExchangeClient Create(Uri baseUrl, ApiCredentials credentials);
}
