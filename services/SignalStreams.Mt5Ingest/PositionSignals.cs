using Microsoft.Extensions.Options;
using SignalStreams.Contracts;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// The signal an MT5 position becomes: id <c>mt5-{accountId}-{positionId}</c>, pair from <c>Mt5:SymbolMap</c> (else
/// the MT5 symbol upper-cased), side from the position type, entry = open price, origin {mt5, account, position},
/// strength and market from configuration. Built from the mapping's createdAt, so a retry republishes the very same
/// signal (which changes nothing for consumers) instead of a second one.
/// </summary>
public sealed class PositionSignals
{
    private readonly Mt5Options _options;
    private readonly Dictionary<string, string> _symbolMap;

    public PositionSignals(IOptions<Mt5Options> options)
    {
        _options = options.Value;
        // Configuration keys are case-insensitive, so the map is too.
        _symbolMap = new Dictionary<string, string>(_options.SymbolMap, StringComparer.OrdinalIgnoreCase);
    }

    public string PairOf(string mt5Symbol) =>
        _symbolMap.TryGetValue(mt5Symbol, out var pair) && !string.IsNullOrWhiteSpace(pair)
            ? pair.Trim().ToUpperInvariant()
            : mt5Symbol.Trim().ToUpperInvariant();

    /// <summary>The signal, or null and one sentence naming every problem (e.g. an unmapped symbol).</summary>
    public (Signal? Signal, string? Problem) TryBuild(PositionEvent position, DateTimeOffset createdAt)
    {
        var draft = new SignalDraft
        {
            SignalId = Mt5Keys.SignalIdFor(position.AccountId, position.PositionId),
            Source = _options.SignalSource,
            Symbol = PairOf(position.Symbol),
            Market = _options.ParsedMarket() ?? MarketType.Futures,
            Side = position.Type == Mt5PositionType.Buy ? OrderSide.Buy : OrderSide.Sell,
            EntryPrice = position.OpenPrice,
            Strength = _options.ParsedStrength() ?? SignalStrength.Strong,
            StopLoss = position.StopLoss is > 0 ? position.StopLoss : null,
            TakeProfit = position.TakeProfit is > 0 ? position.TakeProfit : null,
            CreatedAt = createdAt,
            Origin = new SignalOrigin { Kind = "mt5", AccountId = position.AccountId, PositionId = position.PositionId },
        };
        var result = draft.ToSignal(createdAt);
        return result.IsValid
            ? (result.Value!, null)
            : (null, $"Position {position.Key} cannot become a valid signal (map its symbol with Mt5:SymbolMap:{position.Symbol} if needed): {result.Describe()}");
    }
}
