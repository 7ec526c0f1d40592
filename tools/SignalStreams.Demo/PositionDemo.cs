using System.Globalization;
using SignalStreams.Contracts;

namespace SignalStreams.Demo;

/// <summary>
/// The follower position's life (issue 13), read back through GET /api/users/{id}/positions and the signals' stats:
/// on two signals with SL/TP every follower's position is protected by one stop and one take-profit at the exchange;
/// then the source closes the first (POST /api/signals/{id}/close: each position closed once at market) and the
/// paper exchange's price moves through the second one's stop (each position stopped out, noticed by the executor).
/// </summary>
internal sealed class PositionDemo(DemoApi api)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// <paramref name="sourceClosed"/>: every follower protected, then the source closes the signal;
    /// <paramref name="stoppedOut"/>: every follower protected, then the paper exchange's price moves through the stop.
    /// </summary>
    public async Task<bool> RunAsync(
        (Signal Signal, IReadOnlyList<SignalExecution> Executions) sourceClosed,
        (Signal Signal, IReadOnlyList<SignalExecution> Executions) stoppedOut)
    {
        var closedBySource = await LifeAsync(sourceClosed.Signal, sourceClosed.Executions, PositionCloseReason.SourceClosed, async () =>
        {
            await api.CloseSignalAsync(sourceClosed.Signal.SignalId);
            Console.WriteLine($"  the source exits: POST /api/signals/{sourceClosed.Signal.SignalId}/close");
        });
        var stopped = await LifeAsync(stoppedOut.Signal, stoppedOut.Executions, PositionCloseReason.StopLoss, async () =>
        {
            var through = stoppedOut.Signal.Side == OrderSide.Buy ? stoppedOut.Signal.StopLoss!.Value * 0.995m : stoppedOut.Signal.StopLoss!.Value * 1.005m;
            await api.SetPriceAsync(stoppedOut.Signal.Symbol, through);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the market moves through the stop: {stoppedOut.Signal.Symbol} at {through:0.##} on the paper exchange"));
        });
        return closedBySource && stopped;
    }

    private async Task<bool> LifeAsync(Signal signal, IReadOnlyList<SignalExecution> executions, PositionCloseReason expected, Func<Task> close)
    {
        var followers = executions.Where(e => e.Status == ExecutionStatus.Executed).Select(e => e.UserId).ToList();
        Console.WriteLine($"\nPositions of {signal.SignalId} ({signal.Side} {signal.Symbol} @ {signal.EntryPrice}, SL {signal.StopLoss}, TP {signal.TakeProfit}), {followers.Count} followers:");
        var open = await UntilAsync(followers, signal.SignalId, p => p is { Status: PositionStatus.Open, StopLossOrderId: not null, TakeProfitOrderId: not null }, "protected by a stop and a take-profit");
        var protectiveOrders = 0;
        foreach (var position in open.Values)
        {
            protectiveOrders += await api.OrdersAtExchangeAsync(position.StopLossOrderId!) + await api.OrdersAtExchangeAsync(position.TakeProfitOrderId!);
        }

        Console.WriteLine($"  {open.Count} OPEN, {protectiveOrders} protective orders at the exchange (one stop-market and one take-profit-market each, reduce-only)");

        await close();
        var closed = await UntilAsync(followers, signal.SignalId, p => p is { Status: PositionStatus.Closed }, "closed");
        var closeOrders = 0;
        foreach (var position in closed.Values.Where(p => p.CloseOrderId is not null))
        {
            closeOrders += await api.OrdersAtExchangeAsync(position.CloseOrderId!);
        }

        var executed = (await api.GetJsonAsync($"api/signals/{signal.SignalId}/stats"))?.EnumerateArray().FirstOrDefault(r => r.GetProperty("status").GetString() == "executed");
        string Stat(string name) => executed is { } row && row.TryGetProperty(name, out var value) ? value.ToString() : "-";
        var reasons = string.Join(", ", closed.Values.GroupBy(p => p.CloseReason?.ToString() ?? "none").Select(g => $"{g.Key} {g.Count()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {closed.Count} CLOSED ({reasons}), {closeOrders} market close orders placed by the executor; stats: open {Stat("positionsOpen")}, closed {Stat("positionsClosed")}, realized PnL sum {Stat("realizedPnlSum")} USDT, average {Stat("realizedPnlAvg")} USDT ({Stat("realizedPnlPercentAvg")} %)"));

        // A source close places one market close order per position; a stop that filled on the exchange needs none.
        var expectedCloseOrders = expected == PositionCloseReason.SourceClosed ? followers.Count : 0;
        var ok = open.Count == followers.Count && protectiveOrders == 2 * followers.Count
            && closed.Count == followers.Count && closeOrders == expectedCloseOrders
            && closed.Values.All(p => p.CloseReason == expected && p.RealizedPnl is not null);
        if (!ok)
        {
            Console.WriteLine($"  CHECK FAILED: every follower should have one protected position, closed once ({expected}), with {expectedCloseOrders} close orders in all.");
        }

        return ok;
    }

    /// <summary>Each follower's position of the signal once <paramref name="done"/> holds for it (or whatever holds at the timeout).</summary>
    private async Task<Dictionary<string, Position>> UntilAsync(IReadOnlyList<string> followers, string signalId, Func<Position, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var found = new Dictionary<string, Position>(StringComparer.Ordinal);
        while (true)
        {
            foreach (var userId in followers.Where(u => !found.ContainsKey(u)))
            {
                if ((await api.PositionsAsync(userId, signalId)).FirstOrDefault(done) is { } position)
                {
                    found[userId] = position;
                }
            }

            Console.Write($"\r  waiting for every position to be {what}: {found.Count}/{followers.Count}   ");
            if (found.Count == followers.Count || DateTime.UtcNow > deadline)
            {
                Console.WriteLine();
                return found;
            }

            await Task.Delay(500);
        }
    }
}
