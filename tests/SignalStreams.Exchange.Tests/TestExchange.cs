using Microsoft.Extensions.Logging;
using SignalStreams.Exchange.Binance;
using SignalStreams.Exchange.Credentials;
using SignalStreams.PaperExchange;
using SignalStreams.Testing;

namespace SignalStreams.Exchange.Tests;

/// <summary>A fresh in-process paper exchange with one funded test account, and clients for it.</summary>
internal static class TestExchange
{
    public const string ApiKey = "test-key-3f9a1c7e5b2d";
    public const string ApiSecret = "test-secret-8e4b0a6c2f1d9e7a";

    public static ApiCredentials Credentials { get; } = new(ApiKey, ApiSecret);

    public static Task<PaperExchangeHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["PaperExchange:Accounts:0:ApiKey"] = ApiKey,
            ["PaperExchange:Accounts:0:ApiSecret"] = ApiSecret,
            ["PaperExchange:Accounts:0:Balances:USDT"] = "100000",
            ["PaperExchange:PriceMode"] = "Fixed",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return PaperExchangeApp.StartAsync(all);
    }

    public static ExchangeClientOptions FastOptions(Action<ExchangeClientOptions>? configure = null)
    {
        var options = new ExchangeClientOptions
        {
            OrderTimeout = TimeSpan.FromSeconds(5),
            ReadTimeout = TimeSpan.FromSeconds(3),
            ReadRetryDelay = TimeSpan.FromMilliseconds(20),
            LookupDelay = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Meters of the clients built here; a test that reads them scrapes a host's /metrics instead.</summary>
    private static TestMeterFactory Meters { get; } = new();

    public static ExchangeClientFactory Factory(ExchangeClientOptions? options = null, ILoggerFactory? loggers = null) =>
        new(Meters, options ?? FastOptions(), loggers);
}
