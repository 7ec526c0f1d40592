using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Exchange.Protection;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.PaperExchange.State;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// Protective fills noticed through the user's data stream (issue 13): the executor keeps a futures listen-key stream
/// per user with open protected positions, and an order update naming a protective order makes it check that position
/// at once. Each class fixture runs its own executor: <see cref="StreamOnly"/> with every query fallback 10 minutes
/// away (only the stream can close a position within the test), <see cref="WithFallback"/> with streamless users
/// checked every second and streamed users every 10 minutes.
/// </summary>
[Collection(ExecutionCollection.Name)]
public sealed class UserDataStreamTests(KafkaClusterFixture kafka, RedisServerFixture redis, UserDataStreamTests.StreamOnly streamOnly, UserDataStreamTests.WithFallback withFallback)
    : IClassFixture<UserDataStreamTests.StreamOnly>, IClassFixture<UserDataStreamTests.WithFallback>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_stop_that_triggers_on_the_exchange_closes_the_position_through_the_user_data_stream_while_queries_are_10_minutes_away()
    {
        var system = await streamOnly.StartAsync(kafka, redis);
        var (signal, user) = await SetUpAsync(system, 95m);
        var open = await UntilPositionAsync(system, signal, user, p => p.StopLossOrderId is not null, "the position is protected");
        await UntilStreamsAsync(system, 1, "the executor's stream for the user is connected at the paper exchange");

        system.Exchange.Prices.Set(signal.Symbol, 94m);
        var closed = await UntilPositionAsync(system, signal, user, p => p.Status == PositionStatus.Closed, "the stop's fill is noticed through the stream", Soon);

        var triggered = Assert.Single(system.Exchange.Orders.WithClientOrderId(open.StopLossOrderId!), o => !o.IsAlgo);
        Assert.Equal(PositionCloseReason.StopLoss, closed.CloseReason);
        Assert.Equal(triggered.AveragePrice, closed.ExitPrice);
        Assert.Equal(triggered.RealizedPnl, closed.RealizedPnl);
        Assert.Equal(Math.Round((triggered.AveragePrice - open.EntryPrice) * open.Quantity, 8), closed.RealizedPnl);
        Assert.Equal("CANCELED", Assert.Single(Algo(system, open.TakeProfitOrderId!)).Status);
        Assert.Empty(system.Exchange.Orders.WithClientOrderId(ProtectiveOrderIds.For(signal.SignalId, user.UserId, ProtectionKind.Close)));
        await UntilStreamsAsync(system, 0, "the stream is closed once the user has no open position left");
    }

    [Fact]
    public async Task A_spot_ocos_stop_leg_filling_closes_the_position_through_the_websocket_api_subscription()
    {
        var system = await streamOnly.StartAsync(kafka, redis);
        var symbol = system.NewSymbol();
        var user = TestData.User("udsspot", symbol) with { Markets = [MarketType.Spot] };
        await system.Inputs.PutUserAsync(user);
        var signal = TestData.Signal(symbol) with { Market = MarketType.Spot, StopLoss = 95m, TakeProfit = 110m };
        await system.Inputs.PublishSignalAsync(signal);
        await system.Inputs.CommandAsync(signal, user.UserId);
        var open = await UntilPositionAsync(system, signal, user, p => p.StopLossOrderId is not null, "the spot position is protected by its OCO");
        await Eventually.UntilAsync(() => system.Exchange.Streams.Count >= 1, "the executor subscribed to the user's spot events");

        system.Exchange.Prices.Set(symbol, 94m);
        var closed = await UntilPositionAsync(system, signal, user, p => p.Status == PositionStatus.Closed, "the stop leg's fill is noticed through the spot stream", Soon);

        var filled = Assert.Single(system.Exchange.Orders.WithClientOrderId(open.StopLossOrderId!));
        Assert.Equal(("FILLED", PositionCloseReason.StopLoss, filled.AveragePrice), (filled.Status, closed.CloseReason, closed.ExitPrice));
        Assert.Equal(Math.Round((filled.AveragePrice - open.EntryPrice) * filled.ExecutedQuantity, 8), closed.RealizedPnl);
    }

    [Fact]
    public async Task With_the_stream_killed_the_query_fallback_closes_the_position_and_the_stream_reconnects_and_closes_the_next()
    {
        var system = await withFallback.StartAsync(kafka, redis);
        var (first, user) = await SetUpAsync(system, 95m);
        var second = TestData.Signal(first.Symbol) with { StopLoss = 90m, TakeProfit = 110m };
        await system.Inputs.PublishSignalAsync(second);
        await system.Inputs.CommandAsync(second, user.UserId);
        var open = await UntilPositionAsync(system, first, user, p => p.StopLossOrderId is not null, "the first position is protected");
        await UntilPositionAsync(system, second, user, p => p.StopLossOrderId is not null, "the second position is protected");
        await UntilStreamsAsync(system, 1, "the executor's stream for the user is connected");

        // Kill the stream (the listen key is deleted, the socket closed) and refuse new listen keys for the user.
        var apiKey = PaperAccountKeys.Derive(new ApiCredentials(ExecutionTestSettings.PaperApiKey, ExecutionTestSettings.PaperApiSecret), user.UserId).ApiKey;
        var refuse = system.Exchange.Faults.Add(new FaultRule { Kind = FaultKind.Error, Method = "POST", Path = "/fapi/v1/listenKey", ApiKey = apiKey, Status = 400, Code = -1125, Msg = "This listenKey does not exist." });
        system.Exchange.Streams.Close(apiKey);
        await UntilStreamsAsync(system, 0, "the stream is gone");

        system.Exchange.Prices.Set(first.Symbol, 94m);
        var closed = await UntilPositionAsync(system, first, user, p => p.Status == PositionStatus.Closed, "the fallback queries notice the stop's fill", Soon);
        var triggered = Assert.Single(system.Exchange.Orders.WithClientOrderId(open.StopLossOrderId!), o => !o.IsAlgo);
        Assert.Equal((PositionCloseReason.StopLoss, triggered.AveragePrice), (closed.CloseReason, closed.ExitPrice));
        Assert.Equal("CANCELED", Assert.Single(Algo(system, open.TakeProfitOrderId!)).Status);
        Assert.Equal(PositionStatus.Open, PositionOf(system, second, user)!.Status);

        system.Exchange.Faults.Remove(refuse.Id!);
        await UntilStreamsAsync(system, 1, "the executor connects the user's stream again (backoff)", TimeSpan.FromSeconds(60));
        await Task.Delay(3000); // the reconnect's own check has run: the second position is next asked about in 10 minutes

        system.Exchange.Prices.Set(first.Symbol, 89m);
        var stopped = await UntilPositionAsync(system, second, user, p => p.Status == PositionStatus.Closed, "the reconnected stream notices the second stop's fill", Soon);
        Assert.Equal(PositionCloseReason.StopLoss, stopped.CloseReason);
        Assert.NotNull(stopped.RealizedPnl);

        // The refused connects were logged, without the listen key (a secret) or the user's key pair.
        var listenKey = system.Exchange.Streams.StartListenKey(apiKey);
        Assert.True(system.ExecutorLogs.Contains($"User data stream of {user.UserId} (paper Futures) could not connect"));
        Assert.DoesNotContain(system.ExecutorLogs.Lines, l => l.Contains(listenKey, StringComparison.Ordinal) || l.Contains(apiKey, StringComparison.Ordinal));
    }

    private static async Task<(Signal Signal, UserSettings User)> SetUpAsync(ExecutionHarness system, decimal stopLoss)
    {
        var symbol = system.NewSymbol();
        var user = TestData.User("uds", symbol);
        await system.Inputs.PutUserAsync(user);
        var signal = TestData.Signal(symbol) with { StopLoss = stopLoss, TakeProfit = 110m };
        await system.Inputs.PublishSignalAsync(signal);
        await system.Inputs.CommandAsync(signal, user.UserId);
        return (signal, user);
    }

    private static Task UntilStreamsAsync(ExecutionHarness system, int count, string what, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => system.Exchange.Streams.Count == count, $"{what} (streams at the paper exchange: {system.Exchange.Streams.Count})", timeout);

    private static async Task<Position> UntilPositionAsync(ExecutionHarness system, Signal signal, UserSettings user, Func<Position, bool> condition, string what, TimeSpan? timeout = null)
    {
        Position? found = null;
        await Eventually.UntilAsync(() => (found = PositionOf(system, signal, user)) is { } p && condition(p), $"{what} (last seen: {found?.Status.ToString() ?? "none"})", timeout);
        return found!;
    }

    private static Position? PositionOf(ExecutionHarness system, Signal signal, UserSettings user) =>
        system.Outputs.Positions().Values.FirstOrDefault(p => p.SignalId == signal.SignalId && p.UserId == user.UserId);

    private static IReadOnlyList<PaperOrder> Algo(ExecutionHarness system, string clientOrderId) =>
        system.Exchange.Orders.WithClientOrderId(clientOrderId).Where(o => o.IsAlgo).ToList();

    /// <summary>An executor whose query checks are all 10 minutes away: only the stream can notice a fill in time.</summary>
    public sealed class StreamOnly() : SystemFixture(new Dictionary<string, string?>
    {
        ["Executor:ProtectionCheckIntervalMs"] = "600000",
        ["Executor:StreamedProtectionCheckIntervalMs"] = "600000",
    });

    /// <summary>Streamless users checked every second, streamed ones every 10 minutes.</summary>
    public sealed class WithFallback() : SystemFixture(new Dictionary<string, string?>
    {
        ["Executor:ProtectionCheckIntervalMs"] = "1000",
        ["Executor:StreamedProtectionCheckIntervalMs"] = "600000",
    });

    /// <summary>One executor + paper exchange per fixture, started by the first test that uses it.</summary>
    public abstract class SystemFixture(Dictionary<string, string?> settings) : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private ExecutionHarness? _system;

        public async Task<ExecutionHarness> StartAsync(KafkaClusterFixture kafka, RedisServerFixture redis)
        {
            await _gate.WaitAsync();
            try
            {
                settings["Executor:ProtectionCheckWeightPerMinute"] = "100000";
                return _system ??= await BehaviourHarness.StartAsync(kafka, redis.Configuration, withRouter: false, executorSettings: settings);
            }
            finally
            {
                _gate.Release();
            }
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (_system is not null)
            {
                await _system.DisposeAsync();
            }

            _gate.Dispose();
        }
    }
}
