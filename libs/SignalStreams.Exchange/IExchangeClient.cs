using SignalStreams.Contracts;

namespace SignalStreams.Exchange;

/// <summary>
/// One user's (or the paper account's) view of a Binance-compatible exchange. Reads throw
/// <see cref="Binance.BinanceApiException"/> with Binance's code and msg; order calls never throw for exchange
/// answers — they return an <see cref="OrderOutcome"/>.
/// </summary>
public interface IExchangeClient
{
    /// <summary>
    /// Sends a MARKET order once (never resent). Futures: sets the order's leverage first. A timeout, 5xx or a
    /// duplicate-clientOrderId answer (-2010/-4116) is resolved by looking the order up by its clientOrderId.
    /// </summary>
    Task<OrderOutcome> PlaceMarketOrderAsync(MarketOrder order, CancellationToken cancellationToken);

    /// <summary>
    /// Looks an order up by <c>origClientOrderId</c> (one query, transport failures retried):
    /// Placed if it exists, NotPlaced (code -2013) if the exchange does not know it, Unknown if it could not be asked.
    /// </summary>
    Task<OrderOutcome> LookupOrderAsync(MarketType market, string symbol, string clientOrderId, CancellationToken cancellationToken);

    /// <summary>Spot: <c>free</c> of the asset in /api/v3/account; futures: <c>availableBalance</c> in /fapi/v3/balance. 0 when absent.</summary>
    Task<decimal> GetAvailableQuoteBalanceAsync(MarketType market, string quoteAsset, CancellationToken cancellationToken);

    /// <summary>Last price from /api/v3/ticker/price or /fapi/v2/ticker/price.</summary>
    Task<decimal> GetPriceAsync(MarketType market, string symbol, CancellationToken cancellationToken);

    /// <summary>The symbol's filters from exchangeInfo (cached per base URL) and, for futures, its maximum leverage.</summary>
    Task<SymbolRules> GetSymbolRulesAsync(MarketType market, string symbol, CancellationToken cancellationToken);

    /// <summary>POST /fapi/v1/leverage; returns the leverage the exchange set.</summary>
    Task<int> SetLeverageAsync(string symbol, int leverage, CancellationToken cancellationToken);
}
