using SignalStreams.Contracts;

namespace SignalStreams.SignalExecutor;

/// <summary>Builds (and caches) a user's exchange client for a venue; see <see cref="UserExchangeResolver"/>.</summary>
public interface IUserExchanges
{
    ExchangeChoice Resolve(string venue, string userId, EncryptedCredentials? stored);
}
