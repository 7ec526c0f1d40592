namespace SignalStreams.Contracts;

/// <summary>The signal's values a decision was judged on.</summary>
public sealed record DecisionSignal
{
    public required SignalStatus Status { get; init; }
    public required SignalStrength Strength { get; init; }
    public required string Symbol { get; init; }
    public required MarketType Market { get; init; }
    public required OrderSide Side { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    public static DecisionSignal Of(Signal signal) => new()
    {
        Status = signal.Status,
        Strength = signal.Strength,
        Symbol = signal.Symbol,
        Market = signal.Market,
        Side = signal.Side,
        ExpiresAt = signal.ExpiresAt,
    };
}
