using SignalStreams.Contracts;

namespace SignalStreams.Exchange.Planning;

/// <summary>Everything <see cref="OrderPlanner"/> needs to size one MARKET order.</summary>
public sealed record OrderPlanRequest
{
    public required MarketType Market { get; init; }
    public required string Symbol { get; init; }
    public required OrderSide Side { get; init; }
    public required Sizing Sizing { get; init; }

    /// <summary>The user's leverage (UserSettings.leverage); wins over the signal's.</summary>
    public int? UserLeverage { get; init; }

    /// <summary>The signal's leverage, used when the user has none.</summary>
    public int? SignalLeverage { get; init; }

    /// <summary>The current price (ticker), not the signal's entry price.</summary>
    public required decimal Price { get; init; }

    /// <summary>Available quote balance (spot free / futures availableBalance); required for PERCENT_BALANCE.</summary>
    public decimal? AvailableQuoteBalance { get; init; }

    public required SymbolRules Rules { get; init; }
    public required string ClientOrderId { get; init; }

    /// <summary>The request for executing <paramref name="signal"/> with <paramref name="settings"/>.</summary>
    public static OrderPlanRequest For(Signal signal, UserSettings settings, SymbolRules rules, decimal price, decimal? availableQuoteBalance, string clientOrderId) => new()
    {
        Market = signal.Market,
        Symbol = signal.Symbol,
        Side = signal.Side,
        Sizing = settings.Sizing,
        UserLeverage = settings.Leverage,
        SignalLeverage = signal.Leverage,
        Price = price,
        AvailableQuoteBalance = availableQuoteBalance,
        Rules = rules,
        ClientOrderId = clientOrderId,
    };
}
