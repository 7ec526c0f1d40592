using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.Exchange.Protection;
using SignalStreams.Exchange.Streams;

namespace SignalStreams.Executor.UnitTests;

/// <summary>An exchange that knows at most one order per clientOrderId and counts what it was asked.</summary>
internal sealed class FakeExchange : IExchangeClient
{
    private readonly Dictionary<string, OrderOutcome.Placed> _orders = new(StringComparer.Ordinal);

    public int Placed { get; private set; }

    public int Lookups { get; private set; }

    /// <summary>What the next order POSTs answer (null: fill it).</summary>
    public Func<MarketOrder, OrderOutcome?> OnPlace { get; set; } = _ => null;

    /// <summary>When false, lookups answer Unknown (the exchange cannot be asked).</summary>
    public bool Answering { get; set; } = true;

    public void Holds(string clientOrderId) =>
        _orders[clientOrderId] = new OrderOutcome.Placed("42", clientOrderId, "FILLED", 68000m, 0.01m, 10, DateTimeOffset.UnixEpoch.AddYears(56));

    public Task<OrderOutcome> PlaceMarketOrderAsync(MarketOrder order, CancellationToken cancellationToken)
    {
        Placed++;
        if (OnPlace(order) is { } answer)
        {
            return Task.FromResult(answer);
        }

        Holds(order.ClientOrderId);
        return Task.FromResult<OrderOutcome>(_orders[order.ClientOrderId]);
    }

    public Task<OrderOutcome> LookupOrderAsync(MarketType market, string symbol, string clientOrderId, CancellationToken cancellationToken)
    {
        Lookups++;
        if (!Answering)
        {
            return Task.FromResult<OrderOutcome>(new OrderOutcome.Unknown("lookup failed (Timeout)"));
        }

        return Task.FromResult<OrderOutcome>(_orders.TryGetValue(clientOrderId, out var placed)
            ? placed with { FoundByLookup = true }
            : new OrderOutcome.NotPlaced($"The exchange does not know clientOrderId {clientOrderId}.", -2013, "Order does not exist."));
    }

    public Task<decimal> GetAvailableQuoteBalanceAsync(MarketType market, string quoteAsset, CancellationToken cancellationToken) => Task.FromResult(10_000m);

    public Task<decimal> GetPriceAsync(MarketType market, string symbol, CancellationToken cancellationToken) => Task.FromResult(68000m);

    public Task<SymbolRules> GetSymbolRulesAsync(MarketType market, string symbol, CancellationToken cancellationToken) => Task.FromResult(new SymbolRules
    {
        Market = market,
        Symbol = symbol,
        BaseAsset = "BTC",
        QuoteAsset = "USDT",
        LotStepSize = 0.001m,
        LotMinQty = 0.001m,
        LotMaxQty = 1000m,
        MinNotional = 5m,
        MaxLeverage = 125,
    });

    public Task<int> SetLeverageAsync(string symbol, int leverage, CancellationToken cancellationToken) => Task.FromResult(leverage);

    public Task<OrderOutcome> PlaceProtectiveOrderAsync(ProtectiveOrder order, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<OrderOutcome> PlaceOcoAsync(OcoOrder order, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<CancelOutcome> CancelOrderAsync(MarketType market, string symbol, string clientOrderId, bool conditional, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<CancelOutcome> CancelOrderListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ExchangeOrder?> GetOrderAsync(MarketType market, string symbol, string clientOrderId, bool conditional, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ExchangeOrder>> GetOpenOrdersAsync(MarketType market, string symbol, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<FuturesPosition> GetPositionAsync(string symbol, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> StartUserDataStreamAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task KeepAliveUserDataStreamAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task CloseUserDataStreamAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<UserDataStreamReader> ConnectUserDataStreamAsync(MarketType market, CancellationToken cancellationToken) => throw new NotSupportedException();
}
