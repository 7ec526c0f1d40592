namespace SignalStreams.Contracts;

/// <summary>How much a user's bot spends per signal.</summary>
public sealed record Sizing
{
    public required SizingMode Mode { get; init; }

    /// <summary>FIXED_QUOTE: amount of the quote asset; PERCENT_BALANCE: percent of the available quote balance.</summary>
    public required decimal Value { get; init; }

    public ValidationResult Validate() => new ProblemCollector()
        .Check(Enum.IsDefined(Mode), "sizing.mode", "sizing.mode must be FIXED_QUOTE or PERCENT_BALANCE.")
        .Check(Value > 0, "sizing.value", "sizing.value must be greater than 0.")
        .Check(Mode != SizingMode.PercentBalance || Value <= 100, "sizing.value", "sizing.value must be at most 100 when sizing.mode is PERCENT_BALANCE.")
        .ToResult();
}
