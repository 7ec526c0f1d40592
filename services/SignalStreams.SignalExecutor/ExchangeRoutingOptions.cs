namespace SignalStreams.SignalExecutor;

/// <summary>
/// The <c>Exchange</c> section: Binance base URLs for users trading for real, and the paper exchange with the key
/// pair the executor signs paper orders with (paper users need no credentials of their own).
/// </summary>
public sealed class ExchangeRoutingOptions
{
    public const string SectionName = "Exchange";

    public BinanceSection Binance { get; set; } = new();

    public PaperSection Paper { get; set; } = new();

    public sealed class BinanceSection
    {
        public string SpotBaseUrl { get; set; } = "https://api.binance.com";
        public string FuturesBaseUrl { get; set; } = "https://fapi.binance.com";

        /// <summary>Futures user data streams (<c>/ws/{listenKey}</c> below it); default: Binance's for the production URLs, else the futures URL with ws(s).</summary>
        public string? FuturesStreamUrl { get; set; }

        /// <summary>Spot WebSocket API; default: Binance's for the production URLs, else <c>/ws-api/v3</c> on the spot URL with ws(s).</summary>
        public string? SpotWebSocketApiUrl { get; set; }
    }

    public sealed class PaperSection
    {
        public string? BaseUrl { get; set; }
        public string? ApiKey { get; set; }
        public string? ApiSecret { get; set; }

        public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl) && !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(ApiSecret);
    }
}
