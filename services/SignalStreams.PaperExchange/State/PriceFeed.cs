using System.Collections.Concurrent;
using SignalStreams.PaperExchange.Options;

namespace SignalStreams.PaperExchange.State;

/// <summary>Current prices: fixed (moved only by <see cref="Set"/>) or a random walk stepped by <see cref="PriceWalker"/>.</summary>
public sealed class PriceFeed
{
    private readonly ConcurrentDictionary<string, decimal> _prices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _ticks;
    private readonly Random _random;

    public PriceFeed(IEnumerable<PaperSymbolOptions> symbols, int seed)
    {
        _random = seed == 0 ? new Random() : new Random(seed);
        _ticks = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            _prices[symbol.Symbol] = symbol.Price;
            _ticks[symbol.Symbol] = symbol.TickSize;
        }
    }

    public decimal? Get(string symbol) => _prices.TryGetValue(symbol, out var price) ? price : null;

    public IReadOnlyDictionary<string, decimal> All() => new Dictionary<string, decimal>(_prices, StringComparer.Ordinal);

    /// <summary>Sets a known symbol's price (rounded to its tick); false for an unknown symbol or a price not above 0.</summary>
    public bool Set(string symbol, decimal price)
    {
        if (price <= 0 || !_ticks.TryGetValue(symbol, out var tick))
        {
            return false;
        }

        _prices[symbol] = RoundToTick(price, tick);
        return true;
    }

    public decimal RoundToTick(string symbol, decimal price) => _ticks.TryGetValue(symbol, out var tick) ? RoundToTick(price, tick) : price;

    /// <summary>Moves every price by a normally distributed step of <paramref name="stepPercent"/> standard deviation.</summary>
    public void Step(decimal stepPercent)
    {
        foreach (var symbol in _prices.Keys)
        {
            double gaussian;
            lock (_random)
            {
                // Box-Muller.
                gaussian = Math.Sqrt(-2.0 * Math.Log(1.0 - _random.NextDouble())) * Math.Cos(2.0 * Math.PI * _random.NextDouble());
            }

            var factor = 1m + (decimal)gaussian * stepPercent / 100m;
            _prices.AddOrUpdate(symbol, 0m, (_, old) => Math.Max(RoundToTick(old * factor, _ticks[symbol]), _ticks[symbol]));
        }
    }

    private static decimal RoundToTick(decimal price, decimal tick) => tick <= 0 ? price : Math.Round(price / tick, MidpointRounding.AwayFromZero) * tick;
}
