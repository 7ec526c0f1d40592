using SignalStreams.Contracts;

namespace SignalStreams.Demo;

/// <summary>A mixed population: most bots take STRONG and above, some take everything, some only BTC, some are off.</summary>
internal static class DemoUsers
{
    public static IReadOnlyList<UserSettings> Create(string run, int count, int binanceUsers) =>
        Enumerable.Range(0, count).Select(i => new UserSettings
        {
            UserId = $"demo-{run}-u{i:000}",
            Email = $"user{i:000}@example.com",
            BotEnabled = i % 10 != 9,
            MinStrength = i % 4 == 0 ? SignalStrength.Weak : SignalStrength.Strong,
            Symbols = i % 5 == 3 ? ["BTCUSDT"] : null,
            Markets = [MarketType.Futures],
            Sizing = i % 3 == 0 ? new Sizing { Mode = SizingMode.PercentBalance, Value = 0.05m } : new Sizing { Mode = SizingMode.FixedQuote, Value = 100m },
            Leverage = i % 2 == 0 ? 5 : null,
            PaperTrading = i >= binanceUsers,
        }).ToList();

    /// <summary>The key pair a "real" user trades with; scripts/run.sh opens the same accounts on the paper exchange.</summary>
    public static (string ApiKey, string ApiSecret) BinanceKeysOf(int index) => ($"demo-binance-key-{index}", $"demo-binance-secret-{index}");
}
