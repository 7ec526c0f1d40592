using SignalStreams.Exchange.Credentials;

namespace SignalStreams.PaperExchange.State;

/// <summary>One key pair with its spot balances, futures wallet and per-symbol leverage. Never prints its secret.</summary>
public sealed class PaperAccount
{
    private readonly Dictionary<string, decimal> _spot;
    private readonly Dictionary<string, decimal> _futures;
    private readonly Dictionary<string, int> _leverage = new(StringComparer.Ordinal);

    internal PaperAccount(string apiKey, string apiSecret, IReadOnlyDictionary<string, decimal> balances)
    {
        ApiKey = apiKey;
        ApiSecret = apiSecret;
        _spot = new Dictionary<string, decimal>(balances, StringComparer.Ordinal);
        _futures = new Dictionary<string, decimal>(balances, StringComparer.Ordinal);
    }

    /// <summary>"…" and the last four characters of the key: what listings show.</summary>
    public string KeyHint => ApiCredentials.HintOf(ApiKey);

    internal string ApiKey { get; }

    internal string ApiSecret { get; }

    /// <summary>Serialises balance changes and the duplicate-clientOrderId check of this account.</summary>
    internal Lock Sync { get; } = new();

    /// <summary>Binance's default futures leverage is 20.</summary>
    public int LeverageOf(string symbol)
    {
        lock (Sync)
        {
            return _leverage.TryGetValue(symbol, out var leverage) ? leverage : 20;
        }
    }

    public IReadOnlyDictionary<string, decimal> SpotBalances()
    {
        lock (Sync)
        {
            return new Dictionary<string, decimal>(_spot, StringComparer.Ordinal);
        }
    }

    public IReadOnlyDictionary<string, decimal> FuturesBalances()
    {
        lock (Sync)
        {
            return new Dictionary<string, decimal>(_futures, StringComparer.Ordinal);
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
    internal decimal Spot(string asset) => _spot.GetValueOrDefault(asset);

    /// <summary>Caller holds <see cref="Sync"/>.</summary>
    internal decimal Futures(string asset) => _futures.GetValueOrDefault(asset);

    /// <summary>Caller holds <see cref="Sync"/>.</summary>
    internal void AddSpot(string asset, decimal amount) => _spot[asset] = _spot.GetValueOrDefault(asset) + amount;

    /// <summary>Caller holds <see cref="Sync"/>.</summary>
    internal void AddFutures(string asset, decimal amount) => _futures[asset] = _futures.GetValueOrDefault(asset) + amount;
}
