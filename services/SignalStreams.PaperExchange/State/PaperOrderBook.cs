using SignalStreams.Contracts;

namespace SignalStreams.PaperExchange.State;

/// <summary>Every order the paper exchange has accepted, in acceptance order, and the spot OCO lists.</summary>
public sealed class PaperOrderBook
{
    private readonly Lock _lock = new();
    private readonly List<PaperOrder> _orders = [];
    private readonly Dictionary<long, int> _byId = [];
    private readonly Dictionary<string, List<int>> _byClientOrderId = new(StringComparer.Ordinal);
    private readonly HashSet<(string ApiKey, MarketType Market, bool Algo, string ClientOrderId)> _open = [];
    private readonly SortedSet<long> _openIds = [];
    private readonly Dictionary<long, PaperOrderList> _lists = [];
    private long _nextOrderId = 8_389_765_000;
    private long _nextListId = 1_000;
    private long _nextTradeId = 417_000_000;

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

    /// <summary>The accepted orders with this clientOrderId (or clientAlgoId), any account.</summary>
    public IReadOnlyList<PaperOrder> WithClientOrderId(string clientOrderId)
    {
        lock (_lock)
        {
            return _byClientOrderId.TryGetValue(clientOrderId, out var indexes) ? indexes.Select(i => _orders[i]).ToList() : [];
        }
    }

    public PaperOrder? ById(long orderId)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(orderId, out var index) ? _orders[index] : null;
        }
    }

    /// <summary>Every OCO list accepted so far.</summary>
    public IReadOnlyList<PaperOrderList> Lists()
    {
        lock (_lock)
        {
            return _lists.Values.OrderBy(l => l.OrderListId).ToList();
        }
    }

    /// <summary>Open orders (and open algo orders), oldest first.</summary>
    public IReadOnlyList<PaperOrder> Open()
    {
        lock (_lock)
        {
            return _openIds.Select(id => _orders[_byId[id]]).ToList();
        }
    }

    internal IReadOnlyList<PaperOrder> OpenOf(string apiKey, MarketType market, string? symbol, bool algo) =>
        Open().Where(o => o.ApiKey == apiKey && o.Market == market && o.IsAlgo == algo && (symbol is null || o.Symbol == symbol)).ToList();

    internal long NextOrderId() => Interlocked.Increment(ref _nextOrderId);

    internal long NextListId() => Interlocked.Increment(ref _nextListId);

    internal long NextTradeId() => Interlocked.Increment(ref _nextTradeId);

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
                _open.Add((order.ApiKey, order.Market, order.IsAlgo, order.ClientOrderId));
                _openIds.Add(order.OrderId);
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
                _open.Remove((order.ApiKey, order.Market, order.IsAlgo, order.ClientOrderId));
                _openIds.Remove(order.OrderId);
            }
        }
    }

    internal void Put(PaperOrderList list)
    {
        lock (_lock)
        {
            _lists[list.OrderListId] = list;
        }
    }

    internal PaperOrderList? List(long orderListId)
    {
        lock (_lock)
        {
            return _lists.GetValueOrDefault(orderListId);
        }
    }

    internal PaperOrderList? FindList(string apiKey, string symbol, long? orderListId, string? listClientOrderId)
    {
        lock (_lock)
        {
            return _lists.Values.Where(l => l.ApiKey == apiKey && l.Symbol == symbol
                    && (orderListId is null || l.OrderListId == orderListId)
                    && (listClientOrderId is null || l.ListClientOrderId == listClientOrderId))
                .OrderByDescending(l => l.OrderListId).FirstOrDefault();
        }
    }

    internal bool HasOpenList(string apiKey, string listClientOrderId)
    {
        lock (_lock)
        {
            return _lists.Values.Any(l => l.ApiKey == apiKey && l.IsOpen && l.ListClientOrderId == listClientOrderId);
        }
    }

    internal bool HasOpen(string apiKey, MarketType market, string clientOrderId, bool algo = false)
    {
        lock (_lock)
        {
            return _open.Contains((apiKey, market, algo, clientOrderId));
        }
    }

    /// <summary>The latest order of the account matching id or clientOrderId, accepted at or before <paramref name="visibleUpToMs"/>.</summary>
    internal PaperOrder? Find(string apiKey, MarketType market, string? symbol, long? orderId, string? clientOrderId, long visibleUpToMs, bool algo = false)
    {
        lock (_lock)
        {
            IReadOnlyList<int> candidates = clientOrderId is null
                ? orderId is { } id && _byId.TryGetValue(id, out var index) ? [index] : []
                : _byClientOrderId.TryGetValue(clientOrderId, out var indexes) ? indexes : [];
            for (var c = candidates.Count - 1; c >= 0; c--)
            {
                var o = _orders[candidates[c]];
                if (o.ApiKey == apiKey && o.Market == market && o.IsAlgo == algo && (symbol is null || o.Symbol == symbol) && o.Time <= visibleUpToMs
                    && (orderId is null || o.OrderId == orderId) && (clientOrderId is null || o.ClientOrderId == clientOrderId))
                {
                    return o;
                }
            }

            return null;
        }
    }

    internal IReadOnlyList<PaperOrder> OfAccount(string apiKey, MarketType market, string symbol, bool algo)
    {
        lock (_lock)
        {
            return _orders.Where(o => o.ApiKey == apiKey && o.Market == market && o.IsAlgo == algo && o.Symbol == symbol).ToList();
        }
    }
}
