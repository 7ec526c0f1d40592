using SignalStreams.Contracts;

namespace SignalStreams.Testing;

/// <summary>Signals for tests and benchmarks: a futures BUY of BTCUSDT at 68000 unless told otherwise.</summary>
public static class TestSignals
{
    /// <summary>A draft as a source would publish it (status, createdAt and expiresAt left to the defaults).</summary>
    public static SignalDraft Draft(string signalId, SignalStrength strength = SignalStrength.VeryStrong, string symbol = "BTCUSDT") => new()
    {
        SignalId = signalId,
        Source = "tests",
        Symbol = symbol,
        Market = MarketType.Futures,
        Side = OrderSide.Buy,
        EntryPrice = 68000m,
        Strength = strength,
        Leverage = 10,
    };

    /// <summary>A complete ACTIVE signal created at <paramref name="createdAt"/> that lives for <paramref name="lifetime"/> (5 minutes).</summary>
    public static Signal Active(string signalId, DateTimeOffset createdAt, TimeSpan? lifetime = null, SignalStrength strength = SignalStrength.VeryStrong, string symbol = "BTCUSDT") =>
        Draft(signalId, strength, symbol).ToSignal(createdAt) is { Value: { } signal }
            ? signal with { ExpiresAt = createdAt + (lifetime ?? SignalDraft.DefaultLifetime) }
            : throw new ArgumentException($"'{signalId}' does not make a valid signal.", nameof(signalId));
}
