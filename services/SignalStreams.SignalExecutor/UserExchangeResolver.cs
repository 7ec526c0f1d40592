using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.Exchange.Binance;
using SignalStreams.Exchange.Credentials;
using SignalStreams.SignalExecutor.Machine;

namespace SignalStreams.SignalExecutor;

/// <summary>
/// Picks each user's exchange: for users with <c>paperTrading</c> the paper exchange, on a paper account of the user's
/// own (key pair derived from the executor's paper pair, see <see cref="PaperAccountKeys"/>), else Binance with the
/// user's credentials, decrypted in memory only. Clients are cached per user and rebuilt when the user's credentials
/// change. The credentials are passed in (read from the table on the stream thread, still encrypted), so building a
/// client never reads a store from another thread.
/// </summary>
public sealed class UserExchangeResolver(
    IExchangeClientFactory factory,
    CredentialVault vault,
    IOptions<ExchangeRoutingOptions> routing) : IUserExchanges
{
    public const string Paper = "paper";
    public const string Binance = "binance";
    public const string PaperNotConfigured = "Paper trading is not configured on this executor (Exchange:Paper:BaseUrl, ApiKey and ApiSecret).";
    public const string NoCredentials = "No exchange credentials are stored for this user.";
    public const string CredentialsUnreadable = "The stored exchange credentials could not be decrypted with this executor's master key.";

    private readonly ExchangeRoutingOptions _routing = routing.Value;
    private readonly ConcurrentDictionary<string, (DateTimeOffset UpdatedAt, IExchangeClient Client)> _binanceClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IExchangeClient> _paperClients = new(StringComparer.Ordinal);

    /// <summary>The user's venue, or why no client can be built for them (the machine fails a new attempt with it).</summary>
    public ExchangeRoute RouteFor(UserSettings? settings, EncryptedCredentials? stored)
    {
        var venue = settings?.PaperTrading != false ? Paper : Binance;
        return settings is null ? new ExchangeRoute(venue) : new ExchangeRoute(venue, Resolve(venue, settings.UserId, stored).FailureReason);
    }

    /// <summary>A label for the exchange endpoint a call goes to (host:port of its base URL): one bulkhead each.</summary>
    public string EndpointOf(string venue, MarketType market)
    {
        var url = venue == Paper
            ? _routing.Paper.BaseUrl ?? "paper"
            : market == MarketType.Spot ? _routing.Binance.SpotBaseUrl : _routing.Binance.FuturesBaseUrl;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{venue}:{uri.Authority}" : venue;
    }

    public ExchangeChoice Resolve(string venue, string userId, EncryptedCredentials? stored)
    {
        if (venue == Paper)
        {
            var paper = _routing.Paper;
            if (!paper.IsConfigured)
            {
                return new ExchangeChoice(null, Paper, PaperNotConfigured);
            }

            // Each paper user trades on an account of their own, so balances, reduce-only orders and PnL are theirs.
            var client = _paperClients.GetOrAdd(userId, id =>
                factory.Create(new Uri(paper.BaseUrl!), PaperAccountKeys.Derive(new ApiCredentials(paper.ApiKey!, paper.ApiSecret!), id)));
            return new ExchangeChoice(client, Paper, null);
        }

        if (stored is null)
        {
            return new ExchangeChoice(null, Binance, NoCredentials);
        }

        if (_binanceClients.TryGetValue(userId, out var cached) && cached.UpdatedAt == stored.UpdatedAt)
        {
            return new ExchangeChoice(cached.Client, Binance, null);
        }

        ApiCredentials plain;
        try
        {
            plain = vault.Decrypt(stored);
        }
        catch (CredentialVaultException)
        {
            return new ExchangeChoice(null, Binance, CredentialsUnreadable);
        }

        var endpoints = Endpoints(_routing.Binance);
        var live = factory.Create(endpoints, plain);
        _binanceClients[userId] = (stored.UpdatedAt, live);
        return new ExchangeChoice(live, Binance, null);
    }

    /// <summary>The Binance URLs, with the user data streams' hosts (Binance serves them apart from the REST hosts).</summary>
    private static ExchangeEndpoints Endpoints(ExchangeRoutingOptions.BinanceSection binance)
    {
        var production = ExchangeEndpoints.BinanceProduction;
        var spot = new Uri(binance.SpotBaseUrl);
        var futures = new Uri(binance.FuturesBaseUrl);
        return new ExchangeEndpoints(spot, futures)
        {
            FuturesStreamUrl = binance.FuturesStreamUrl is { } f ? new Uri(f) : futures == production.FuturesBaseUrl ? production.FuturesStreamUrl : null,
            SpotWebSocketApiUrl = binance.SpotWebSocketApiUrl is { } w ? new Uri(w) : spot == production.SpotBaseUrl ? production.SpotWebSocketApiUrl : null,
        };
    }
}
