using System.Globalization;
using System.Net;
using SignalStreams.Contracts;

namespace SignalStreams.Demo;

/// <summary>
/// Part one through signal-api: onboard a mixed population, publish four signals (one WEAK, one in the legacy
/// EXECUTED status), have one user ask twice more by hand for a signal it already got, then wait for every eligible
/// user's execution and print the summary read back through the API, with the WEAK signal's decisions (issue 15).
/// </summary>
internal sealed class ExecutionDemo(DemoApi api, DemoOptions options, string run)
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    public async Task<bool> RunAsync()
    {
        var users = DemoUsers.Create(run, options.Users, options.BinanceUsers);
        for (var i = 0; i < users.Count; i++)
        {
            await api.PutSettingsAsync(users[i]);
            if (!users[i].PaperTrading)
            {
                var (key, secret) = DemoUsers.BinanceKeysOf(i);
                await api.PutCredentialsAsync(users[i].UserId, key, secret);
            }
        }

        Console.WriteLine($"Onboarded {users.Count} users through the API: {users.Count(u => !u.PaperTrading)} on \"Binance\" with their own keys (encrypted by the API), {users.Count(u => u.PaperTrading)} paper-trading, {users.Count(u => !u.BotEnabled)} with the bot off");
        // The router and the executor follow user-settings as tables; give them a moment to see the new users.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var signals = Drafts().Select(d => d.ToSignal(DateTimeOffset.UtcNow).Value!).ToList();
        foreach (var signal in signals)
        {
            await api.PublishAsync(new SignalDraft
            {
                SignalId = signal.SignalId, Source = signal.Source, Symbol = signal.Symbol, Market = signal.Market, Side = signal.Side,
                EntryPrice = signal.EntryPrice, Strength = signal.Strength, Leverage = signal.Leverage, Status = signal.Status,
                StopLoss = signal.StopLoss, TakeProfit = signal.TakeProfit,
            });
        }

        Console.WriteLine($"Published {signals.Count} signals through POST /api/signals");
        var expected = signals.ToDictionary(s => s.SignalId, s => users.Count(u => u.RejectionReason(s) is null));
        var eager = users[0];
        var executions = await WaitAsync(signals, expected);
        var first = await api.RequestExecutionAsync(eager.UserId, signals[0].SignalId);
        var second = await api.RequestExecutionAsync(eager.UserId, signals[0].SignalId);

        Console.WriteLine();
        await DemoReport.PrintSignalsAsync(api, signals, users.Count, expected, executions);
        var orders = await api.OrdersAtExchangeAsync(ClientOrderIds.For(signals[0].SignalId, eager.UserId));
        Console.WriteLine($"\n{eager.UserId} got {signals[0].SignalId} from its bot, then asked twice by hand: {(int)first} {first}, {(int)second} {second}; {orders} order at the exchange.");
        var decided = await DemoReport.PrintWeakSignalDecisionsAsync(api, signals.Single(s => s.Strength == SignalStrength.Weak), users);
        var settled = signals.All(s => executions[s.SignalId].Count(e => e.Status != ExecutionStatus.Pending) >= expected[s.SignalId]);
        var closed = await new PositionDemo(api).RunAsync((signals[0], executions[signals[0].SignalId]), (signals[1], executions[signals[1].SignalId]));
        return settled && decided && closed && orders == 1 && first == HttpStatusCode.Conflict && second == HttpStatusCode.Conflict;
    }

    private IEnumerable<SignalDraft> Drafts()
    {
        SignalDraft Draft(string symbol, OrderSide side, decimal price, SignalStrength strength) => new()
        {
            SignalId = $"demo-{run}-{symbol}",
            Source = "demo",
            Symbol = symbol,
            Market = MarketType.Futures,
            Side = side,
            EntryPrice = price,
            Strength = strength,
            Leverage = 10,
        };

        yield return Draft("BTCUSDT", OrderSide.Buy, 68000m, SignalStrength.VeryStrong) with { StopLoss = 67000m, TakeProfit = 70000m };
        yield return Draft("ETHUSDT", OrderSide.Sell, 3500m, SignalStrength.Strong) with { StopLoss = 3560m, TakeProfit = 3400m };
        yield return Draft("SOLUSDT", OrderSide.Buy, 150m, SignalStrength.Weak);
        yield return Draft("BNBUSDT", OrderSide.Buy, 600m, SignalStrength.Strong) with { Status = SignalStatus.Executed };
    }

    private async Task<Dictionary<string, IReadOnlyList<SignalExecution>>> WaitAsync(IReadOnlyList<Signal> signals, IReadOnlyDictionary<string, int> expected)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        var total = expected.Values.Sum();
        var executions = new Dictionary<string, IReadOnlyList<SignalExecution>>(StringComparer.Ordinal);
        while (true)
        {
            foreach (var signal in signals)
            {
                executions[signal.SignalId] = await api.ExecutionsAsync(signal.SignalId);
            }

            var settled = executions.Values.Sum(list => list.Count(e => e.Status != ExecutionStatus.Pending));
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r  waiting for executions through GET /api/signals/{{id}}/executions: {settled}/{total} settled   "));
            if (settled >= total || DateTime.UtcNow > deadline)
            {
                Console.WriteLine();
                return executions;
            }

            await Task.Delay(500);
        }
    }
}
