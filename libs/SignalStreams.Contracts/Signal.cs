namespace SignalStreams.Contracts;

/// <summary>A trading signal as it stands on the compacted <c>signals</c> topic (<c>signal.v1</c>).</summary>
public sealed record Signal
{
    public required string SignalId { get; init; }
    public required string Source { get; init; }
    public required string Symbol { get; init; }
    public required MarketType Market { get; init; }
    public required OrderSide Side { get; init; }
    public required decimal EntryPrice { get; init; }
    public required SignalStrength Strength { get; init; }
    public int? Leverage { get; init; }
    public decimal? StopLoss { get; init; }
    public decimal? TakeProfit { get; init; }
    public required SignalStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public SignalOrigin? Origin { get; init; }

    /// <summary>
    /// True while users may execute the signal. Legacy <c>EXECUTED</c> counts as ACTIVE: one user's
    /// execution never changes a signal's status for anyone else.
    /// </summary>
    public bool IsExecutableAt(DateTimeOffset now) =>
        Status is SignalStatus.Active or SignalStatus.Executed && now < ExpiresAt;
}

/// <summary>Where a signal came from, for example an MT5 position.</summary>
public sealed record SignalOrigin
{
    public required string Kind { get; init; }
    public string? AccountId { get; init; }
    public string? PositionId { get; init; }
}
