using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.Exchange.Binance;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Streams;

namespace SignalStreams.SignalExecutor;

/// <summary>
/// Picks each user's exchange: for users with <c>paperTrading</c> the paper exchange, on a paper account of the user's
/// own (key pair derived from the executor's paper pair, see <see cref="PaperAccountKeys"/>), else Binance with the
/// user's credentials, decrypted in memory only. Clients are cached per user and rebuilt when the user's credentials
/// change.
/// </summary>
public sealed class UserExchangeResolver(
    IExchangeClientFactory factory,
    GlobalTable<EncryptedCredentials> credentials,
    CredentialVault vault,
    IOptions<ExchangeRoutingOptions> routing)
{
    private readonly ExchangeRoutingOptions _routing = routing.Value;
    private readonly ConcurrentDictionary<string, (DateTimeOffset UpdatedAt, IExchangeClient Client)> _binanceClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IExchangeClient> _paperClients = new(StringComparer.Ordinal);

    public ExchangeChoice Resolve(UserSettings settings)
    {
        if (settings.PaperTrading)
        {
            var paper = _routing.Paper;
            if (!paper.IsConfigured)
            {
                return new ExchangeChoice(null, "paper", "Paper trading is not configured on this executor (Exchange:Paper:BaseUrl, ApiKey and ApiSecret).");
            }

            // Each paper user trades on an account of their own, so balances, reduce-only orders and PnL are theirs.
            var client = _paperClients.GetOrAdd(settings.UserId, userId =>
                factory.Create(new Uri(paper.BaseUrl!), PaperAccountKeys.Derive(new ApiCredentials(paper.ApiKey!, paper.ApiSecret!), userId)));
            return new ExchangeChoice(client, "paper", null);
        }

        if (!credentials.TryGet(settings.UserId, out var sealedCredentials))
        {
            return new ExchangeChoice(null, "binance", "No exchange credentials are stored for this user.");
        }

        if (_binanceClients.TryGetValue(settings.UserId, out var cached) && cached.UpdatedAt == sealedCredentials.UpdatedAt)
        {
            return new ExchangeChoice(cached.Client, "binance", null);
        }

        ApiCredentials plain;
        try
        {
            plain = vault.Decrypt(sealedCredentials);
        }
        catch (CredentialVaultException)
        {
            return new ExchangeChoice(null, "binance", "The stored exchange credentials could not be decrypted with this executor's master key.");
        }

        var endpoints = new ExchangeEndpoints(new Uri(_routing.Binance.SpotBaseUrl), new Uri(_routing.Binance.FuturesBaseUrl));
        var live = factory.Create(endpoints, plain);
        _binanceClients[settings.UserId] = (sealedCredentials.UpdatedAt, live);
        return new ExchangeChoice(live, "binance", null);
    }
}
