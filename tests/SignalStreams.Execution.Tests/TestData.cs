using SignalStreams.Contracts;

namespace SignalStreams.Execution.Tests;

/// <summary>Signals and users for one test, with ids no other test uses.</summary>
public static class TestData
{
    public static string NewSignalId() => "sig-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewUserId(string stem) => stem + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A futures BUY at the test symbols' price, created now, expiring in five minutes.</summary>
    public static Signal Signal(string symbol, SignalStrength strength = SignalStrength.VeryStrong, SignalStatus status = SignalStatus.Active, TimeSpan? expiresIn = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Signal
        {
            SignalId = NewSignalId(),
            Source = "execution-tests",
            Symbol = symbol,
            Market = MarketType.Futures,
            Side = OrderSide.Buy,
            EntryPrice = ExecutionHarness.SymbolPrice,
            Strength = strength,
            Leverage = 5,
            Status = status,
            CreatedAt = now,
            ExpiresAt = now + (expiresIn ?? TimeSpan.FromMinutes(5)),
        };
    }

    /// <summary>A paper-trading user whose bot takes every signal of <paramref name="symbol"/> with 100 USDT at leverage 2.</summary>
    public static UserSettings User(string stem, string symbol, SignalStrength minStrength = SignalStrength.Weak, bool paper = true) => new()
    {
        UserId = NewUserId(stem),
        Email = stem + "@example.com",
        BotEnabled = true,
        MinStrength = minStrength,
        Symbols = [symbol],
        Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = 100m },
        Leverage = 2,
        PaperTrading = paper,
    };
}
