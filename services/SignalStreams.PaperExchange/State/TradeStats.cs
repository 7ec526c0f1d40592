using SignalStreams.Contracts;

namespace SignalStreams.PaperExchange.State;

/// <summary>The paper exchange's own trades of the last 24 hours per market and symbol, for the 24h ticker's volume and count.</summary>
public sealed class TradeStats(ExchangeClock clock)
{
    private const long Day = 86_400_000;
    private readonly Dictionary<(MarketType, string), Queue<PaperTrade>> _trades = [];

    internal void Record(MarketType market, string symbol, PaperTrade trade)
    {
        lock (_trades)
        {
            if (!_trades.TryGetValue((market, symbol), out var queue))
            {
                _trades[(market, symbol)] = queue = new Queue<PaperTrade>();
            }

            queue.Enqueue(trade);
        }
    }

    /// <summary>Base volume, quote volume, trade count, first and last trade id and the last trade's quantity over the last 24 h.</summary>
    public (decimal Volume, decimal QuoteVolume, long Count, long FirstId, long LastId, decimal LastQuantity) Day24(MarketType market, string symbol)
    {
        lock (_trades)
        {
            if (!_trades.TryGetValue((market, symbol), out var queue))
            {
                return (0m, 0m, 0, -1, -1, 0m);
            }

            var since = clock.NowMs - Day;
            while (queue.Count > 0 && queue.Peek().Time < since)
            {
                queue.Dequeue();
            }

            return queue.Count == 0
                ? (0m, 0m, 0, -1, -1, 0m)
                : (queue.Sum(t => t.Quantity), queue.Sum(t => t.QuoteQuantity), queue.Count, queue.Peek().Id, queue.Last().Id, queue.Last().Quantity);
        }
    }
}
