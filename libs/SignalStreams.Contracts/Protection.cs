namespace SignalStreams.Contracts;

/// <summary>
/// A user's choice of protective orders: the signal's stopLoss / takeProfit (SIGNAL, the default), none (NONE), or
/// the user's own distances from the fill price in percent (PERCENT; an absent distance means no order of that kind).
/// </summary>
public sealed record Protection
{
    public ProtectionMode Mode { get; init; }
    public decimal? StopLossPercent { get; init; }
    public decimal? TakeProfitPercent { get; init; }

    public ValidationResult Validate() => new ProblemCollector()
        .Check(Enum.IsDefined(Mode), "protection.mode", "protection.mode must be SIGNAL, NONE or PERCENT.")
        .Check(StopLossPercent is null or > 0 and < 100, "protection.stopLossPercent", "protection.stopLossPercent must be greater than 0 and less than 100.")
        .Check(TakeProfitPercent is null or > 0 and <= 1000, "protection.takeProfitPercent", "protection.takeProfitPercent must be greater than 0 and at most 1000.")
        .Check(Mode == ProtectionMode.Percent || (StopLossPercent is null && TakeProfitPercent is null), "protection", "protection.stopLossPercent and takeProfitPercent are only used with mode PERCENT.")
        .Check(Mode != ProtectionMode.Percent || StopLossPercent is not null || TakeProfitPercent is not null, "protection", "protection mode PERCENT needs stopLossPercent, takeProfitPercent or both.")
        .ToResult();
}
