using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;

namespace SignalStreams.PaperExchange.State;

/// <summary>
/// One key pair with its spot balances (free and locked), futures wallet, positions, per-symbol leverage and trades.
/// Every change happens under the exchange's lock (<see cref="Sync"/>), so a price move, a fill and a read never
/// interleave. Never prints its secret.
/// </summary>
public sealed class PaperAccount
{
    private readonly Dictionary<string, decimal> _spotFree;
    private readonly Dictionary<string, decimal> _spotLocked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _futures;
    private readonly Dictionary<string, int> _leverage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PaperPosition> _positions = new(StringComparer.Ordinal);
    private readonly List<PaperTrade> _trades = [];

    internal PaperAccount(string apiKey, string apiSecret, IReadOnlyDictionary<string, decimal> balances, Lock sync, string? userId = null)
    {
        ApiKey = apiKey;
        ApiSecret = apiSecret;
        UserId = userId;
        Sync = sync;
        _spotFree = new Dictionary<string, decimal>(balances, StringComparer.Ordinal);
        _futures = new Dictionary<string, decimal>(balances, StringComparer.Ordinal);
    }

    /// <summary>"…" and the last four characters of the key: what listings show.</summary>
    public string KeyHint => ApiCredentials.HintOf(ApiKey);

    /// <summary>Set for accounts opened by a derived per-user key (see <c>PaperAccountKeys</c>).</summary>
    public string? UserId { get; }

    internal string ApiKey { get; }

    internal string ApiSecret { get; }

    /// <summary>The exchange-wide lock that serialises every state change.</summary>
    internal Lock Sync { get; }

    /// <summary>Binance's default futures leverage is 20.</summary>
    public int LeverageOf(string symbol)
    {
        lock (Sync)
        {
            return _leverage.TryGetValue(symbol, out var leverage) ? leverage : 20;
        }
    }

    /// <summary>Free spot balances (what can be spent now).</summary>
    public IReadOnlyDictionary<string, decimal> SpotBalances()
    {
        lock (Sync)
        {
            return new Dictionary<string, decimal>(_spotFree, StringComparer.Ordinal);
        }
    }

    /// <summary>Spot balances held by open orders.</summary>
    public IReadOnlyDictionary<string, decimal> SpotLocked()
    {
        lock (Sync)
        {
            return new Dictionary<string, decimal>(_spotLocked, StringComparer.Ordinal);
        }
    }

    /// <summary>Futures wallet balances: deposits plus realised PnL minus commissions.</summary>
    public IReadOnlyDictionary<string, decimal> FuturesBalances()
    {
        lock (Sync)
        {
            return new Dictionary<string, decimal>(_futures, StringComparer.Ordinal);
        }
    }

    /// <summary>A copy of the position on <paramref name="symbol"/> (amount 0 when there is none).</summary>
    public (decimal Amount, decimal EntryPrice, decimal RealizedPnl) PositionOf(string symbol)
    {
        lock (Sync)
        {
            return _positions.TryGetValue(symbol, out var p) ? (p.Amount, p.EntryPrice, p.RealizedPnl) : (0m, 0m, 0m);
        }
    }

    public IReadOnlyList<PaperTrade> Trades()
    {
        lock (Sync)
        {
            return _trades.ToList();
        }
    }

    public override string ToString() => $"PaperAccount {KeyHint}";

    internal void SetLeverage(string symbol, int leverage)
    {
        lock (Sync)
        {
            _leverage[symbol] = leverage;
        }
    }

    /// <summary>Caller holds <see cref="Sync"/>.</summary>
    internal decimal Spot(string asset) => _spotFree.GetValueOrDefault(asset);

    /// <summary>Caller holds <see cref="Sync"/>.</summary>
    internal decimal Locked(string asset) => _spotLocked.GetValueOrDefault(asset);

    /// <summary>Caller holds <see cref="Sync"/>.</summary>
    internal decimal Futures(string asset) => _futures.GetValueOrDefault(asset);

    /// <summary>Caller holds <see cref="Sync"/>.</summary>
    internal void AddSpot(string asset, decimal amount) => _spotFree[asset] = _spotFree.GetValueOrDefault(asset) + amount;

    /// <summary>Moves <paramref name="amount"/> between free and locked (negative unlocks). Caller holds <see cref="Sync"/>.</summary>
    internal void Lock(string asset, decimal amount)
    {
        _spotFree[asset] = _spotFree.GetValueOrDefault(asset) - amount;
        _spotLocked[asset] = _spotLocked.GetValueOrDefault(asset) + amount;
    }

    /// <summary>Caller holds <see cref="Sync"/>.</summary>
    internal void AddFutures(string asset, decimal amount) => _futures[asset] = _futures.GetValueOrDefault(asset) + amount;

    /// <summary>Caller holds <see cref="Sync"/>.</summary>
    internal PaperPosition Position(string symbol)
    {
        if (!_positions.TryGetValue(symbol, out var position))
        {
            _positions[symbol] = position = new PaperPosition(symbol);
        }

        return position;
    }

    /// <summary>Positions ever opened (some may be flat now). Caller holds <see cref="Sync"/>.</summary>
    internal IEnumerable<PaperPosition> Positions => _positions.Values;

    /// <summary>Caller holds <see cref="Sync"/>.</summary>
    internal void AddTrade(PaperTrade trade) => _trades.Add(trade);

    /// <summary>Caller holds <see cref="Sync"/>.</summary>
    internal IEnumerable<PaperTrade> TradesOf(MarketType market, string symbol) => _trades.Where(t => t.Market == market && t.Symbol == symbol);
}
