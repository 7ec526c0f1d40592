using System.Text.Json.Serialization;

namespace SignalStreams.Contracts;

/// <summary>A user's bot settings on the compacted <c>user-settings</c> topic (<c>user-settings.v1</c>).</summary>
public sealed record UserSettings
{
    public required string UserId { get; init; }
    public string? Email { get; init; }
    public required bool BotEnabled { get; init; }
    /// <summary>Absent = WEAK (the enum's default value).</summary>
    public SignalStrength MinStrength { get; init; }

    /// <summary>Empty or absent = every symbol.</summary>
    public IReadOnlyList<string>? Symbols { get; init; }

    /// <summary>Empty or absent = every market.</summary>
    public IReadOnlyList<MarketType>? Markets { get; init; }

    public required Sizing Sizing { get; init; }

    /// <summary>Futures leverage for this user's orders; absent = the signal's, else 1.</summary>
    public int? Leverage { get; init; }

    /// <summary>Absent = no limit.</summary>
    public int? MaxOpenPositions { get; init; }

    public bool PaperTrading { get; init; }

    /// <summary>Protective orders after an entry fills; absent = the signal's stopLoss / takeProfit.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Protection? Protection { get; init; }

    /// <summary>Why this user's bot would not take <paramref name="signal"/>, or null when it would.</summary>
    public string? RejectionReason(Signal signal)
    {
        if (!BotEnabled)
        {
            return "bot_disabled";
        }

        if (Markets is { Count: > 0 } && !Markets.Contains(signal.Market))
        {
            return "market_not_selected";
        }

        if (Symbols is { Count: > 0 } && !Symbols.Contains(signal.Symbol, StringComparer.Ordinal))
        {
            return "symbol_not_selected";
        }

        return signal.Strength < MinStrength ? "below_min_strength" : null;
    }

    public ValidationResult Validate() => new ProblemCollector()
        .Check(UserIds.IsValid(UserId), "userId", UserIds.Rule)
        .Check(Email is null || (Email.Length <= 254 && Email.Contains('@', StringComparison.Ordinal)), "email", "email must be an e-mail address.")
        .Check(Enum.IsDefined(MinStrength), "minStrength", "minStrength must be WEAK, MODERATE, STRONG or VERY_STRONG.")
        .Check(Symbols is null || Symbols.All(s => s is not null && SignalValidator.SymbolPattern().IsMatch(s)), "symbols", "symbols must each be 2-20 characters of A-Z and 0-9.")
        .Check(Markets is null || Markets.All(Enum.IsDefined), "markets", "markets must each be FUTURES or SPOT.")
        .Check(Sizing is not null, "sizing", "sizing is required.")
        .Add(Sizing?.Validate().Problems ?? [])
        .Check(Leverage is null or >= 1 and <= 125, "leverage", "leverage must be between 1 and 125.")
        .Check(MaxOpenPositions is null or >= 0, "maxOpenPositions", "maxOpenPositions must be 0 or more.")
        .Add(Protection?.Validate().Problems ?? [])
        .ToResult();
}
