namespace SignalStreams.Exchange.Binance;

/// <summary>
/// Where spot (<c>/api/v3</c>) and USDⓈ-M futures (<c>/fapi</c>) requests go, and where their user data streams are:
/// the futures stream host (<c>/ws/{listenKey}</c> below it) and the spot WebSocket API. The paper exchange serves all
/// of them on one URL; without explicit stream URLs they are the REST URLs with ws(s) in place of http(s).
/// </summary>
public sealed record ExchangeEndpoints(Uri SpotBaseUrl, Uri FuturesBaseUrl)
{
    /// <summary>Binance production.</summary>
    public static ExchangeEndpoints BinanceProduction { get; } = new(new Uri("https://api.binance.com"), new Uri("https://fapi.binance.com"))
    {
        FuturesStreamUrl = new Uri("wss://fstream.binance.com"),
        SpotWebSocketApiUrl = new Uri("wss://ws-api.binance.com:443/ws-api/v3"),
    };

    /// <summary>Base of the futures user data stream: the stream is <c>{FuturesStreamUrl}/ws/{listenKey}</c>.</summary>
    public Uri? FuturesStreamUrl { get; init; }

    /// <summary>The spot WebSocket API endpoint (user data via <c>userDataStream.subscribe.signature</c>).</summary>
    public Uri? SpotWebSocketApiUrl { get; init; }

    /// <summary>Both markets on one base URL (the paper exchange).</summary>
    public static ExchangeEndpoints Single(Uri baseUrl) => new(baseUrl, baseUrl);

    public Uri For(SignalStreams.Contracts.MarketType market) =>
        market == SignalStreams.Contracts.MarketType.Spot ? SpotBaseUrl : FuturesBaseUrl;

    /// <summary>The futures stream base, or the futures REST URL with ws(s).</summary>
    public Uri FuturesStream => FuturesStreamUrl ?? AsWebSocket(FuturesBaseUrl, "");

    /// <summary>The spot WebSocket API, or <c>/ws-api/v3</c> on the spot REST URL with ws(s).</summary>
    public Uri SpotWebSocketApi => SpotWebSocketApiUrl ?? AsWebSocket(SpotBaseUrl, "/ws-api/v3");

    private static Uri AsWebSocket(Uri http, string path) =>
        new UriBuilder(http) { Scheme = http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = http.AbsolutePath.TrimEnd('/') + path }.Uri;
}
