namespace SignalStreams.PaperExchange.Options;

/// <summary>One tradable symbol (<c>PaperExchange:Symbols:{n}</c>) with its start price and the filters of each market.</summary>
public sealed class PaperSymbolOptions
{
    public string Symbol { get; set; } = "";
    public string BaseAsset { get; set; } = "";
    public string QuoteAsset { get; set; } = "USDT";
    public decimal Price { get; set; }
    public decimal TickSize { get; set; } = 0.01m;

    public bool Spot { get; set; } = true;
    public decimal SpotStepSize { get; set; } = 0.00001m;
    public decimal SpotMinQty { get; set; } = 0.00001m;
    public decimal SpotMaxQty { get; set; } = 9000m;
    public decimal SpotMinNotional { get; set; } = 5m;

    public bool Futures { get; set; } = true;
    public decimal FuturesStepSize { get; set; } = 0.001m;
    public decimal FuturesMinQty { get; set; } = 0.001m;
    public decimal FuturesMaxQty { get; set; } = 1000m;
    public decimal FuturesMinNotional { get; set; } = 100m;
    public int MaxLeverage { get; set; } = 125;

    public static List<PaperSymbolOptions> Defaults() =>
    [
        new() { Symbol = "BTCUSDT", BaseAsset = "BTC", Price = 68000m, TickSize = 0.01m, SpotStepSize = 0.00001m, SpotMinQty = 0.00001m, FuturesStepSize = 0.001m, FuturesMinQty = 0.001m, FuturesMinNotional = 100m, MaxLeverage = 125 },
        new() { Symbol = "ETHUSDT", BaseAsset = "ETH", Price = 3500m, TickSize = 0.01m, SpotStepSize = 0.0001m, SpotMinQty = 0.0001m, FuturesStepSize = 0.001m, FuturesMinQty = 0.001m, FuturesMinNotional = 20m, MaxLeverage = 100 },
        new() { Symbol = "SOLUSDT", BaseAsset = "SOL", Price = 150m, TickSize = 0.01m, SpotStepSize = 0.001m, SpotMinQty = 0.001m, FuturesStepSize = 1m, FuturesMinQty = 1m, FuturesMinNotional = 5m, MaxLeverage = 75 },
        new() { Symbol = "BNBUSDT", BaseAsset = "BNB", Price = 600m, TickSize = 0.01m, SpotStepSize = 0.001m, SpotMinQty = 0.001m, FuturesStepSize = 0.01m, FuturesMinQty = 0.01m, FuturesMinNotional = 5m, MaxLeverage = 75 },
        new() { Symbol = "XRPUSDT", BaseAsset = "XRP", Price = 0.62m, TickSize = 0.0001m, SpotStepSize = 1m, SpotMinQty = 1m, FuturesStepSize = 0.1m, FuturesMinQty = 0.1m, FuturesMinNotional = 5m, MaxLeverage = 75 },
        new() { Symbol = "XAUUSDT", BaseAsset = "XAU", Price = 2650m, TickSize = 0.01m, Spot = false, FuturesStepSize = 0.001m, FuturesMinQty = 0.001m, FuturesMinNotional = 5m, MaxLeverage = 50 },
    ];
}
