using System.Collections.Concurrent;
using SignalStreams.PaperExchange.Options;

namespace SignalStreams.PaperExchange.State;

/// <summary>
/// Current prices: fixed (moved only by <see cref="Set"/>) or a random walk stepped by <see cref="PriceWalker"/>.
/// Every move raises <see cref="Moved"/> synchronously, so stop and limit orders have executed by the time
/// <see cref="Set"/> returns: a test that moves the price can assert the outcome at once. The mark price follows the
/// last price unless set apart (to test MARK_PRICE triggers).
/// </summary>
public sealed class PriceFeed
{
    private const long Day = 86_400_000;
    private readonly ConcurrentDictionary<string, decimal> _prices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, decimal> _marks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _ticks;
    private readonly Dictionary<string, Queue<(long Time, decimal Price)>> _history = new(StringComparer.Ordinal);
    private readonly Random _random;
    private readonly ExchangeClock _clock;

    public PriceFeed(IEnumerable<PaperSymbolOptions> symbols, int seed, ExchangeClock clock)
    {
        _clock = clock;
        _random = seed == 0 ? new Random() : new Random(seed);
        _ticks = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            _prices[symbol.Symbol] = symbol.Price;
            _ticks[symbol.Symbol] = symbol.TickSize;
            _history[symbol.Symbol] = new Queue<(long, decimal)>([(clock.NowMs, symbol.Price)]);
        }
    }

    /// <summary>Raised after a symbol's last or mark price changed, on the thread that changed it.</summary>
    public event Action<string>? Moved;

    public decimal? Get(string symbol) => _prices.TryGetValue(symbol, out var price) ? price : null;

    /// <summary>The mark price: set apart with <see cref="Set"/>'s <c>markPrice</c>, else the last price.</summary>
    public decimal? Mark(string symbol) => _marks.TryGetValue(symbol, out var mark) ? mark : Get(symbol);

    public IReadOnlyDictionary<string, decimal> All() => new Dictionary<string, decimal>(_prices, StringComparer.Ordinal);

    /// <summary>
    /// Sets a known symbol's price (rounded to its tick) and, when given, a separate mark price (else the mark follows the
    /// price again); false for an unknown symbol or a price not above 0. Triggered orders execute before this returns.
    /// </summary>
    public bool Set(string symbol, decimal price, decimal? markPrice = null)
    {
        if (price <= 0 || markPrice <= 0 || !_ticks.TryGetValue(symbol, out var tick))
        {
            return false;
        }

        var rounded = RoundToTick(price, tick);
        _prices[symbol] = rounded;
        if (markPrice is { } mark)
        {
            _marks[symbol] = RoundToTick(mark, tick);
        }
        else
        {
            _marks.TryRemove(symbol, out _);
        }

        Record(symbol, rounded);
        Moved?.Invoke(symbol);
        return true;
    }

    public decimal RoundToTick(string symbol, decimal price) => _ticks.TryGetValue(symbol, out var tick) ? RoundToTick(price, tick) : price;

    /// <summary>Open (24 h ago, or the first price since), high and low of the last 24 hours.</summary>
    public (decimal Open, decimal High, decimal Low, long OpenTime) Day24(string symbol)
    {
        lock (_history)
        {
            if (!_history.TryGetValue(symbol, out var samples) || samples.Count == 0)
            {
                return (0m, 0m, 0m, _clock.NowMs - Day);
            }

            var first = samples.Peek();
            return (first.Price, samples.Max(s => s.Price), samples.Min(s => s.Price), Math.Max(first.Time, _clock.NowMs - Day));
        }
    }

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
            var price = _prices.AddOrUpdate(symbol, 0m, (_, old) => Math.Max(RoundToTick(old * factor, _ticks[symbol]), _ticks[symbol]));
            Record(symbol, price);
            Moved?.Invoke(symbol);
        }
    }

    private void Record(string symbol, decimal price)
    {
        var now = _clock.NowMs;
        lock (_history)
        {
            var samples = _history[symbol];
            samples.Enqueue((now, price));
            // Keep the newest sample older than 24 h as the open, drop the rest.
            while (samples.Count > 1 && samples.ElementAt(1).Time <= now - Day)
            {
                samples.Dequeue();
            }
        }
    }

    private static decimal RoundToTick(decimal price, decimal tick) => tick <= 0 ? price : Math.Round(price / tick, MidpointRounding.AwayFromZero) * tick;
}
