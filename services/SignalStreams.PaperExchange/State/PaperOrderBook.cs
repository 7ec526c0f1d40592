using SignalStreams.Contracts;

namespace SignalStreams.PaperExchange.State;

/// <summary>Every order the paper exchange has accepted, in acceptance order.</summary>
public sealed class PaperOrderBook
{
    private readonly Lock _lock = new();
    private readonly List<PaperOrder> _orders = [];
    private readonly Dictionary<long, int> _byId = [];
    private readonly Dictionary<string, List<int>> _byClientOrderId = new(StringComparer.Ordinal);
    private readonly HashSet<(string ApiKey, MarketType Market, string ClientOrderId)> _open = [];
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
            return _byClientOrderId.TryGetValue(clientOrderId, out var indexes) ? indexes.Select(i => _orders[i]).ToList() : [];
        }
    }

    internal long NextOrderId() => Interlocked.Increment(ref _nextOrderId);

    internal void Add(PaperOrder order)
    {
        lock (_lock)
        {
            _byId[order.OrderId] = _orders.Count;
            if (!_byClientOrderId.TryGetValue(order.ClientOrderId, out var indexes))
            {
                _byClientOrderId[order.ClientOrderId] = indexes = [];
            }

            indexes.Add(_orders.Count);
            _orders.Add(order);
            if (order.IsOpen)
            {
                _open.Add((order.ApiKey, order.Market, order.ClientOrderId));
            }
        }
    }

    internal void Update(PaperOrder order)
    {
        lock (_lock)
        {
            _orders[_byId[order.OrderId]] = order;
            if (!order.IsOpen)
            {
                _open.Remove((order.ApiKey, order.Market, order.ClientOrderId));
            }
        }
    }

    internal bool HasOpen(string apiKey, MarketType market, string clientOrderId)
    {
        lock (_lock)
        {
            return _open.Contains((apiKey, market, clientOrderId));
        }
    }

    /// <summary>The latest order of the account matching id or clientOrderId, accepted at or before <paramref name="visibleUpToMs"/>.</summary>
    internal PaperOrder? Find(string apiKey, MarketType market, string symbol, long? orderId, string? clientOrderId, long visibleUpToMs)
    {
        lock (_lock)
        {
            IReadOnlyList<int> candidates = clientOrderId is null
                ? orderId is { } id && _byId.TryGetValue(id, out var index) ? [index] : []
                : _byClientOrderId.TryGetValue(clientOrderId, out var indexes) ? indexes : [];
            for (var c = candidates.Count - 1; c >= 0; c--)
            {
                var o = _orders[candidates[c]];
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
