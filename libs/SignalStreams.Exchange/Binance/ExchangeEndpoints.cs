namespace SignalStreams.Exchange.Binance;

/// <summary>Where spot (<c>/api/v3</c>) and USDⓈ-M futures (<c>/fapi</c>) requests go. The paper exchange serves both on one URL.</summary>
public sealed record ExchangeEndpoints(Uri SpotBaseUrl, Uri FuturesBaseUrl)
{
    /// <summary>Binance production.</summary>
    public static ExchangeEndpoints BinanceProduction { get; } = new(new Uri("https://api.binance.com"), new Uri("https://fapi.binance.com"));

    /// <summary>Both markets on one base URL (the paper exchange).</summary>
    public static ExchangeEndpoints Single(Uri baseUrl) => new(baseUrl, baseUrl);

    public Uri For(SignalStreams.Contracts.MarketType market) =>
        market == SignalStreams.Contracts.MarketType.Spot ? SpotBaseUrl : FuturesBaseUrl;
}
