using SignalStreams.Contracts;

namespace SignalStreams.PaperExchange.State;

/// <summary>One fill of an order, as listed by /api/v3/myTrades and /fapi/v1/userTrades.</summary>
public sealed record PaperTrade(
    long Id,
    MarketType Market,
    string Symbol,
    long OrderId,
    long OrderListId,
    OrderSide Side,
    decimal Price,
    decimal Quantity,
    decimal QuoteQuantity,
    decimal Commission,
    string CommissionAsset,
    decimal RealizedPnl,
    bool Maker,
    long Time);
