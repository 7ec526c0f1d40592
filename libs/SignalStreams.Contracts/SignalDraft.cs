namespace SignalStreams.Contracts;

/// <summary>
/// A signal as a source publishes it: status, createdAt and expiresAt may be omitted and are filled by
/// <see cref="ToSignal"/> (ACTIVE, now, createdAt + 5 minutes).
/// </summary>
public sealed record SignalDraft
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    public string? SignalId { get; init; }
    public string? Source { get; init; }
    public string? Symbol { get; init; }
    public MarketType? Market { get; init; }
    public OrderSide? Side { get; init; }
    public decimal? EntryPrice { get; init; }
    public SignalStrength? Strength { get; init; }
    public int? Leverage { get; init; }
    public decimal? StopLoss { get; init; }
    public decimal? TakeProfit { get; init; }
    public SignalStatus? Status { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public SignalOrigin? Origin { get; init; }

    /// <summary>Fills the defaults and validates; every problem is reported at once.</summary>
    public ValidationResult<Signal> ToSignal(DateTimeOffset now)
    {
        var missing = new List<ValidationProblem>();
        void Require(object? value, string field)
        {
            if (value is null)
            {
                missing.Add(new ValidationProblem(field, $"{field} is required."));
            }
        }

        Require(SignalId, "signalId");
        Require(Source, "source");
        Require(Symbol, "symbol");
        Require(Market, "market");
        Require(Side, "side");
        Require(EntryPrice, "entryPrice");
        Require(Strength, "strength");

        var signal = Fill(now);
        var missingFields = missing.Select(p => p.Field).ToHashSet();
        var problems = missing
            .Concat(SignalValidator.Validate(signal).Problems.Where(p => !missingFields.Contains(p.Field)))
            .ToList();
        return problems.Count == 0 ? ValidationResult<Signal>.Valid(signal) : ValidationResult<Signal>.Invalid(problems);
    }

    private Signal Fill(DateTimeOffset now)
    {
        // Timestamps travel with millisecond precision; truncating here makes the returned signal equal the stored one.
        var createdAt = CreatedAt ?? now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        return new Signal
        {
            SignalId = SignalId ?? "",
            Source = Source ?? "",
            Symbol = Symbol ?? "",
            Market = Market ?? MarketType.Futures,
            Side = Side ?? OrderSide.Buy,
            EntryPrice = EntryPrice ?? 1m,
            Strength = Strength ?? SignalStrength.Weak,
            Leverage = Leverage,
            StopLoss = StopLoss,
            TakeProfit = TakeProfit,
            Status = Status ?? SignalStatus.Active,
            CreatedAt = createdAt,
            ExpiresAt = ExpiresAt ?? createdAt + DefaultLifetime,
            Origin = Origin,
        };
    }
}
