using SignalStreams.Contracts;

namespace SignalStreams.PaperExchange.State;

/// <summary>Every order the paper exchange has accepted, in acceptance order.</summary>
public sealed class PaperOrderBook
{
    private readonly Lock _lock = new();
    private readonly List<PaperOrder> _orders = [];
    private readonly Dictionary<long, int> _byId = [];
    private long _nextOrderId = 8_389_765_000;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _orders.Count;
            }
        }
    }

    /// <summary>A snapshot of every accepted order.</summary>
    public IReadOnlyList<PaperOrder> All()
    {
        lock (_lock)
        {
            return _orders.ToList();
        }
    }

    /// <summary>The accepted orders with this clientOrderId (any account).</summary>
    public IReadOnlyList<PaperOrder> WithClientOrderId(string clientOrderId)
    {
        lock (_lock)
        {
            return _orders.Where(o => o.ClientOrderId == clientOrderId).ToList();
        }
    }

    internal long NextOrderId() => Interlocked.Increment(ref _nextOrderId);

    internal void Add(PaperOrder order)
    {
        lock (_lock)
        {
            _byId[order.OrderId] = _orders.Count;
            _orders.Add(order);
        }
    }

    internal void Update(PaperOrder order)
    {
        lock (_lock)
        {
            _orders[_byId[order.OrderId]] = order;
        }
    }

    internal bool HasOpen(string apiKey, MarketType market, string clientOrderId)
    {
        lock (_lock)
        {
            return _orders.Any(o => o.IsOpen && o.ClientOrderId == clientOrderId && o.Market == market && o.ApiKey == apiKey);
        }
    }

    /// <summary>The latest order of the account matching id or clientOrderId, accepted at or before <paramref name="visibleUpToMs"/>.</summary>
    internal PaperOrder? Find(string apiKey, MarketType market, string symbol, long? orderId, string? clientOrderId, long visibleUpToMs)
    {
        lock (_lock)
        {
            for (var i = _orders.Count - 1; i >= 0; i--)
            {
                var o = _orders[i];
                if (o.ApiKey == apiKey && o.Market == market && o.Symbol == symbol && o.Time <= visibleUpToMs
                    && (orderId is null || o.OrderId == orderId) && (clientOrderId is null || o.ClientOrderId == clientOrderId))
                {
                    return o;
                }
            }

            return null;
        }
    }
}
