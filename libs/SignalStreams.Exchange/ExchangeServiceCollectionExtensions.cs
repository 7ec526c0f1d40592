using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalStreams.Exchange.Binance;
using SignalStreams.Exchange.Credentials;

namespace SignalStreams.Exchange;

public static class ExchangeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IExchangeClientFactory"/> (options from <c>Exchange:Client</c>) and, resolved on first
    /// use, <see cref="CredentialVault"/> from <c>Secrets:MasterKey</c>.
    /// </summary>
    public static IServiceCollection AddSignalStreamsExchange(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<ExchangeClientOptions>().BindConfiguration(ExchangeClientOptions.SectionName);
        services.TryAddSingleton<IExchangeClientFactory>(sp => new ExchangeClientFactory(
            sp.GetRequiredService<IMeterFactory>(),
            sp.GetRequiredService<IOptions<ExchangeClientOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new CredentialVault(
            sp.GetRequiredService<IConfiguration>()[CredentialVault.MasterKeyConfigKey] ?? "",
            time: sp.GetService<TimeProvider>()));
        return services;
    }
}
