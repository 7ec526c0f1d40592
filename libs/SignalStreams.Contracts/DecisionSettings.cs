namespace SignalStreams.Contracts;

/// <summary>The settings a decision was judged against (the filters' inputs of <see cref="UserSettings"/>).</summary>
public sealed record DecisionSettings
{
    public required bool BotEnabled { get; init; }
    public required SignalStrength MinStrength { get; init; }
    public IReadOnlyList<string>? Symbols { get; init; }
    public IReadOnlyList<MarketType>? Markets { get; init; }
    public int? MaxOpenPositions { get; init; }
    public bool PaperTrading { get; init; }

    public static DecisionSettings Of(UserSettings settings) => new()
    {
        BotEnabled = settings.BotEnabled,
        MinStrength = settings.MinStrength,
        Symbols = settings.Symbols,
        Markets = settings.Markets,
        MaxOpenPositions = settings.MaxOpenPositions,
        PaperTrading = settings.PaperTrading,
    };
}
