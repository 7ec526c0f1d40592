using SignalStreams.Contracts;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// The reconcile timer and the live path settle the same pairs through one transition function (issue 12 point 3).
/// Shown here against the broker and the paper exchange, not only on the pure machine: a reconcile that runs while
/// the live call is still waiting for its answer, and an order the exchange shows to lookups only seconds after it
/// filled, each end with one order per user and records that only ever go pending → executed.
/// </summary>
[Collection(ExecutionCollection.Name)]
public sealed class ReconcileRaceTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task Reconciles_running_while_the_live_calls_wait_for_their_fills_settle_every_pair_once_with_one_order()
    {
        // Every order is answered only after 1.2 s, while the reconcile looks at every pending pair every 100 ms with
        // no grace: lookups and live answers for the same pairs arrive interleaved.
        var paper = new Dictionary<string, string?> { ["PaperExchange:FillLatencyMs"] = "1200" };
        var executor = new Dictionary<string, string?>
        {
            ["Executor:ReconcileIntervalMs"] = "100",
            ["Executor:ReconcileGraceMs"] = "0",
            ["Exchange:Client:OrderTimeout"] = "00:00:03",
        };
        await using var system = await BehaviourHarness.StartAsync(kafka, redis.Configuration, withRouter: false, paper, executor);
        var symbol = system.NewSymbol();
        var users = Enumerable.Range(1, 25).Select(i => TestData.User($"race{i}", symbol)).ToList();
        foreach (var user in users)
        {
            await system.Inputs.PutUserAsync(user);
        }

        var signal = TestData.Signal(symbol);
        await system.Inputs.PublishSignalAsync(signal);
        foreach (var user in users)
        {
            await system.Inputs.CommandAsync(signal, user.UserId);
        }

        foreach (var user in users)
        {
            await system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed, TimeSpan.FromSeconds(60));
        }

        // A moment more for any late duplicate write or order to show up before counting.
        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var user in users)
        {
            Assert.Single(system.Outputs.OrdersOf(signal.SignalId, user.UserId));
            var versions = system.Outputs.VersionsOf(signal.SignalId, user.UserId);
            Assert.DoesNotContain(versions, v => v.Status == ExecutionStatus.Failed);
            Assert.Equal(ExecutionStatus.Executed, versions[^1].Status);
            Assert.All(versions.SkipWhile(v => v.Status == ExecutionStatus.Pending), v => Assert.Equal(ExecutionStatus.Executed, v.Status));
            Assert.Equal(2.000m, versions[^1].Quantity);
        }
    }

    [Fact]
    public async Task An_order_answered_with_503_and_visible_to_lookups_only_seconds_later_is_found_and_never_placed_again()
    {
        // The exchange fills the order, answers 503, and its lookups say "does not exist" for 8 s: longer than the
        // exchange client's own lookups after the 503 (5, about 3 s), shorter than Executor:NotFoundConfirmationMs
        // (10 s), so the executor's reconcile must keep looking and must not count "not found" as "never placed".
        var paper = new Dictionary<string, string?> { ["PaperExchange:LookupVisibilityDelayMs"] = "8000" };
        var executor = new Dictionary<string, string?> { ["Executor:ReconcileIntervalMs"] = "500", ["Executor:ReconcileGraceMs"] = "0" };
        await using var system = await BehaviourHarness.StartAsync(kafka, redis.Configuration, withRouter: false, paper, executor);
        var symbol = system.NewSymbol();
        var user = TestData.User("late-visible", symbol);
        await system.Inputs.PutUserAsync(user);
        system.Exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThen503, Symbol = symbol, Path = "/fapi/v1/order", Method = "POST", Times = 1 });
        var signal = TestData.Signal(symbol);
        await system.Inputs.PublishSignalAsync(signal);

        await system.Inputs.CommandAsync(signal, user.UserId);

        await Eventually.UntilAsync(() => system.Outputs.ExecutionOf(signal.SignalId, user.UserId)?.Status == ExecutionStatus.Pending, "the pair is pending after the 503");
        var record = await system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed, TimeSpan.FromSeconds(45));
        Assert.Equal((100.1m, 2.000m), (record.ActualEntryPrice, record.Quantity));
        Assert.Single(system.Outputs.OrdersOf(signal.SignalId, user.UserId));
        Assert.DoesNotContain(system.Outputs.VersionsOf(signal.SignalId, user.UserId), v => v.Status == ExecutionStatus.Failed);
        Assert.Single(system.Outputs.Positions().Values, p => p.SignalId == signal.SignalId);

        // The exchange would refuse a second order with the same clientOrderId anyway; the executor must not even try.
        Assert.Equal(1, await system.ExecutorMetricAsync("signal_streams_exchange_orders_total"));
    }
}
