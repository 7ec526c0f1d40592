using System.Text.RegularExpressions;

namespace SignalStreams.Contracts;

/// <summary>The rules of CONTRACT.md §2 for <see cref="Signal"/>.</summary>
public static partial class SignalValidator
{
    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    internal static partial Regex SignalIdPattern();

    [GeneratedRegex("^[A-Z0-9]{2,20}$")]
    internal static partial Regex SymbolPattern();

    /// <summary>What a valid signalId is, in the words every 400 uses.</summary>
    public const string SignalIdRule = "signalId must be 1-64 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'.";

    public static bool IsValidSignalId(string? signalId) => signalId is not null && SignalIdPattern().IsMatch(signalId);

    public static ValidationResult Validate(Signal signal) => new ProblemCollector()
        .Check(IsValidSignalId(signal.SignalId), "signalId", SignalIdRule)
        .Check(!string.IsNullOrWhiteSpace(signal.Source) && signal.Source.Length <= 128, "source", "source must be a non-empty name of at most 128 characters.")
        .Check(signal.Symbol is not null && SymbolPattern().IsMatch(signal.Symbol), "symbol", "symbol must be 2-20 characters of A-Z and 0-9.")
        .Check(Enum.IsDefined(signal.Market), "market", "market must be FUTURES or SPOT.")
        .Check(Enum.IsDefined(signal.Side), "side", "side must be BUY or SELL.")
        .Check(Enum.IsDefined(signal.Strength), "strength", "strength must be WEAK, MODERATE, STRONG or VERY_STRONG.")
        .Check(Enum.IsDefined(signal.Status), "status", "status must be ACTIVE, CANCELLED, EXPIRED or EXECUTED.")
        .Check(signal.EntryPrice > 0, "entryPrice", "entryPrice must be greater than 0.")
        .Check(signal.Leverage is null or >= 1 and <= 125, "leverage", "leverage must be between 1 and 125.")
        .Check(signal.StopLoss is null or > 0, "stopLoss", "stopLoss must be greater than 0.")
        .Check(signal.TakeProfit is null or > 0, "takeProfit", "takeProfit must be greater than 0.")
        .Check(signal.ExpiresAt > signal.CreatedAt, "expiresAt", "expiresAt must be later than createdAt.")
        .Check(signal.Origin is null || !string.IsNullOrWhiteSpace(signal.Origin.Kind), "origin", "origin.kind is required when origin is given.")
        .ToResult();
}
