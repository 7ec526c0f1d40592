namespace SignalStreams.Exchange.Planning;

/// <summary>Why <see cref="OrderPlanner"/> refused to build an order.</summary>
public static class OrderRefusalCodes
{
    public const string SymbolNotTrading = "symbol_not_trading";
    public const string NoPrice = "no_price";
    public const string BalanceUnknown = "balance_unknown";
    public const string InsufficientBalance = "insufficient_balance";
    public const string BelowMinQuantity = "below_min_qty";
    public const string AboveMaxQuantity = "above_max_qty";
    public const string BelowMinNotional = "below_min_notional";
    public const string AboveMaxNotional = "above_max_notional";
}
