using SignalStreams.Contracts;
using SignalStreams.Exchange.Protection;
using SignalStreams.Exchange.Streams;

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

    /// <summary>
    /// Futures STOP_MARKET / TAKE_PROFIT_MARKET through <c>POST /fapi/v1/algoOrder</c>, reduce-only (or closePosition);
    /// spot (<see cref="ProtectiveOrder.Market"/>) one STOP_LOSS / TAKE_PROFIT through <c>POST /api/v3/order</c>. Sent
    /// once; an unknown outcome or a duplicate client id is settled by looking the order up (Placed.OrderId = algoId on
    /// futures, the orderId on spot).
    /// </summary>
    Task<OrderOutcome> PlaceProtectiveOrderAsync(ProtectiveOrder order, CancellationToken cancellationToken);

    /// <summary>Spot OCO through <c>POST /api/v3/orderList/oco</c>, same outcome model (Placed.OrderId = orderListId).</summary>
    Task<OrderOutcome> PlaceOcoAsync(OcoOrder order, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels by client id: a futures algo order (<paramref name="conditional"/>) by clientAlgoId, else by origClientOrderId
    /// (a spot OCO leg cancels its whole list). Idempotent, so retried like a read.
    /// </summary>
    Task<CancelOutcome> CancelOrderAsync(MarketType market, string symbol, string clientOrderId, bool conditional, CancellationToken cancellationToken);

    /// <summary>Cancels a spot OCO by its listClientOrderId.</summary>
    Task<CancelOutcome> CancelOrderListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken);

    /// <summary>The order (or algo order) with this client id, or null when the exchange does not know it (-2013). Throws when it cannot be asked.</summary>
    Task<ExchangeOrder?> GetOrderAsync(MarketType market, string symbol, string clientOrderId, bool conditional, CancellationToken cancellationToken);

    /// <summary>Open orders of a symbol; futures includes the open conditional (algo) orders.</summary>
    Task<IReadOnlyList<ExchangeOrder>> GetOpenOrdersAsync(MarketType market, string symbol, CancellationToken cancellationToken);

    /// <summary>The one-way position on <paramref name="symbol"/> from <c>GET /fapi/v3/positionRisk</c> (amount 0 when flat).</summary>
    Task<FuturesPosition> GetPositionAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>Futures <c>POST /fapi/v1/listenKey</c>: the account's active listen key (its validity extended) or a new one.</summary>
    Task<string> StartUserDataStreamAsync(CancellationToken cancellationToken);

    /// <summary>Futures <c>PUT /fapi/v1/listenKey</c>: keep the listen key alive (send at least every 60 minutes).</summary>
    Task KeepAliveUserDataStreamAsync(CancellationToken cancellationToken);

    /// <summary>Futures <c>DELETE /fapi/v1/listenKey</c>.</summary>
    Task CloseUserDataStreamAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Connects the account's user data stream: futures through a listen key, spot through the WebSocket API's
    /// signature subscription. Read the order updates with <see cref="UserDataStreamReader.ReadAsync"/>.
    /// </summary>
    Task<UserDataStreamReader> ConnectUserDataStreamAsync(MarketType market, CancellationToken cancellationToken);
}
