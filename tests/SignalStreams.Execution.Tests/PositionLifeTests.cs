using SignalStreams.Contracts;
using SignalStreams.Exchange.Protection;
using SignalStreams.PaperExchange.State;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// The follower position's life (issue 13) with the executor, the dev cluster, redis-server and the paper exchange
/// over HTTP: protective orders after the fill, closing with the source or on request, a stop filled at the
/// exchange, and maxOpenPositions counting OPEN positions. Counted at the paper exchange and on <c>positions</c>.
/// Test symbols trade at 100 USDT with 0.1% slippage: a futures BUY fills at 100.1.
/// </summary>
[Collection(ExecutionCollection.Name)]
public sealed class PositionLifeTests(KafkaClusterFixture kafka, RedisServerFixture redis, PositionLifeTests.Fixture fixture) : IClassFixture<PositionLifeTests.Fixture>, IAsyncLifetime
{
    private const decimal Fill = 100.1m;
    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_entry_that_fills_gets_exactly_one_reduce_only_stop_and_take_profit_at_the_signals_prices()
    {
        var (signal, user) = await SetUpAsync(s => s with { StopLoss = 95m, TakeProfit = 110m });

        var position = await UntilPositionAsync(signal, user, p => p.StopLossOrderId is not null, "the position carries its protective orders");

        Assert.Equal(95m, position.StopLoss);
        Assert.Equal(110m, position.TakeProfit);
        var stop = Assert.Single(Algo(position.StopLossOrderId!));
        var take = Assert.Single(Algo(position.TakeProfitOrderId!));
        Assert.Equal(ProtectiveOrderIds.For(signal.SignalId, user.UserId, ProtectionKind.StopLoss), stop.ClientOrderId);
        Assert.Equal(("STOP_MARKET", OrderSide.Sell, 95m, true, position.Quantity, "NEW"), (stop.Type, stop.Side, stop.StopPrice, stop.ReduceOnly, stop.Quantity, stop.Status));
        Assert.Equal(("TAKE_PROFIT_MARKET", OrderSide.Sell, 110m, true, position.Quantity, "NEW"), (take.Type, take.Side, take.StopPrice, take.ReduceOnly, take.Quantity, take.Status));
        Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
    }

    [Fact]
    public async Task Protection_none_places_no_orders_and_percent_places_them_at_the_users_distances_from_the_fill()
    {
        var symbol = _system.NewSymbol();
        var none = TestData.User("pnone", symbol) with { Protection = new Protection { Mode = ProtectionMode.None } };
        var percent = TestData.User("ppct", symbol) with { Protection = new Protection { Mode = ProtectionMode.Percent, StopLossPercent = 2m, TakeProfitPercent = 5m } };
        await _system.Inputs.PutUserAsync(none);
        await _system.Inputs.PutUserAsync(percent);
        var signal = TestData.Signal(symbol) with { StopLoss = 95m, TakeProfit = 110m };
        await _system.Inputs.PublishSignalAsync(signal);
        await _system.Inputs.CommandAsync(signal, none.UserId);
        await _system.Inputs.CommandAsync(signal, percent.UserId);

        var protectedByPercent = await UntilPositionAsync(signal, percent, p => p.StopLossOrderId is not null, "the PERCENT user's position carries its orders");
        await _system.Outputs.UntilExecutionAsync(signal.SignalId, none.UserId, ExecutionStatus.Executed);
        await Task.Delay(1500);

        Assert.Equal(98.10m, protectedByPercent.StopLoss); // 100.1 × 0.98 = 98.098 on the 0.01 tick
        Assert.Equal(105.11m, protectedByPercent.TakeProfit); // 100.1 × 1.05 = 105.105
        Assert.Equal(98.10m, Assert.Single(Algo(protectedByPercent.StopLossOrderId!)).StopPrice);
        Assert.Equal(105.11m, Assert.Single(Algo(protectedByPercent.TakeProfitOrderId!)).StopPrice);
        var unprotected = PositionOf(signal, none)!;
        Assert.Null(unprotected.StopLoss);
        Assert.Empty(Algo(ProtectiveOrderIds.For(signal.SignalId, none.UserId, ProtectionKind.StopLoss)));
        Assert.Empty(Algo(ProtectiveOrderIds.For(signal.SignalId, none.UserId, ProtectionKind.TakeProfit)));
    }

    [Fact]
    public async Task A_stop_already_crossed_at_the_fill_closes_the_position_at_market_at_once_with_a_note()
    {
        var (signal, user) = await SetUpAsync(s => s with { StopLoss = 100.5m, TakeProfit = 110m });

        var closed = await UntilPositionAsync(signal, user, p => p.Status == PositionStatus.Closed, "the position is closed");

        Assert.Equal(PositionCloseReason.StopLoss, closed.CloseReason);
        Assert.Contains("already crossed at the fill price", closed.Note, StringComparison.Ordinal);
        Assert.Empty(Algo(ProtectiveOrderIds.For(signal.SignalId, user.UserId, ProtectionKind.StopLoss)));
        var close = Assert.Single(CloseOrders(signal, user));
        Assert.True(close.ReduceOnly);
        Assert.Equal(OrderSide.Sell, close.Side);
        Assert.Equal(closed.Quantity, close.ExecutedQuantity);
        Assert.Equal(close.AveragePrice, closed.ExitPrice);
        Assert.Equal(Math.Round((close.AveragePrice - closed.EntryPrice) * closed.Quantity, 8), closed.RealizedPnl);
    }

    [Fact]
    public async Task A_closed_signal_closes_every_follower_once_and_a_duplicate_close_or_a_restart_closes_nothing_again()
    {
        var symbol = _system.NewSymbol();
        var users = Enumerable.Range(0, 3).Select(i => TestData.User("src" + i, symbol)).ToList();
        foreach (var user in users)
        {
            await _system.Inputs.PutUserAsync(user);
        }

        var signal = TestData.Signal(symbol) with { StopLoss = 95m, TakeProfit = 110m };
        await _system.Inputs.PublishSignalAsync(signal);
        foreach (var user in users)
        {
            await _system.Inputs.CommandAsync(signal, user.UserId);
        }

        foreach (var user in users)
        {
            await UntilPositionAsync(signal, user, p => p.StopLossOrderId is not null, "the follower's position is protected");
        }

        var closedSignal = signal with { Status = SignalStatus.Closed };
        await _system.Inputs.PublishSignalAsync(closedSignal);
        foreach (var user in users)
        {
            var closed = await UntilPositionAsync(signal, user, p => p.Status == PositionStatus.Closed, "the follower's position is closed with the source");
            Assert.Equal(PositionCloseReason.SourceClosed, closed.CloseReason);
            Assert.NotNull(closed.ExitPrice);
            Assert.NotNull(closed.RealizedPnl);
        }

        var versions = users.ToDictionary(u => u.UserId, u => PositionVersions(signal, u));
        await _system.Inputs.PublishSignalAsync(closedSignal); // a duplicate CLOSED record
        await _system.RestartExecutorAsync(keepStateDirectory: true);
        await _system.Inputs.PublishSignalAsync(closedSignal);
        await Task.Delay(4000); // several reconcile rounds of the restarted executor

        foreach (var user in users)
        {
            var close = Assert.Single(CloseOrders(signal, user));
            Assert.True(close.ReduceOnly);
            var position = PositionOf(signal, user)!;
            Assert.Equal(ProtectiveOrderIds.For(signal.SignalId, user.UserId, ProtectionKind.Close), position.CloseOrderId);
            Assert.Equal("CANCELED", Assert.Single(Algo(position.StopLossOrderId!)).Status);
            Assert.Equal("CANCELED", Assert.Single(Algo(position.TakeProfitOrderId!)).Status);
            Assert.Equal(versions[user.UserId], PositionVersions(signal, user));
        }
    }

    [Fact]
    public async Task A_close_request_closes_the_position_and_a_second_or_unknown_one_goes_to_the_dlq_without_an_order()
    {
        var (signal, user) = await SetUpAsync(s => s with { StopLoss = 95m, TakeProfit = 110m });
        var open = await UntilPositionAsync(signal, user, p => p.StopLossOrderId is not null, "the position is protected");

        await CloseRequestAsync(user.UserId, open.PositionId);
        var closed = await UntilPositionAsync(signal, user, p => p.Status == PositionStatus.Closed, "the position is closed on request");
        Assert.Equal(PositionCloseReason.Manual, closed.CloseReason);
        Assert.NotNull(closed.ClosedAt);

        await CloseRequestAsync(user.UserId, open.PositionId);
        await CloseRequestAsync(user.UserId, user.UserId + ":999999999");
        var dlq = _system.Topics.ExecutionRequests;
        await Eventually.UntilAsync(() => _system.Outputs.DeadLetters(dlq).Count(r => r.Key == user.UserId) >= 2, "both refused requests are on the DLQ");
        var errors = _system.Outputs.DeadLetters(dlq).Where(r => r.Key == user.UserId).Select(r => r.Headers.GetValueOrDefault("error") ?? "").ToList();
        Assert.Contains(errors, e => e.Contains("is already closed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("is not known to the executor", StringComparison.Ordinal));
        Assert.Single(CloseOrders(signal, user));
    }

    [Fact]
    public async Task The_price_moving_through_the_stop_closes_the_position_with_stop_loss_and_its_pnl_and_cancels_the_take_profit()
    {
        var (signal, user) = await SetUpAsync(s => s with { StopLoss = 95m, TakeProfit = 110m });
        var open = await UntilPositionAsync(signal, user, p => p.StopLossOrderId is not null, "the position is protected");

        _system.Exchange.Prices.Set(signal.Symbol, 94m);
        var closed = await UntilPositionAsync(signal, user, p => p.Status == PositionStatus.Closed, "the stop's fill is noticed", TimeSpan.FromSeconds(30));

        var triggered = Assert.Single(_system.Exchange.Orders.WithClientOrderId(open.StopLossOrderId!), o => !o.IsAlgo);
        Assert.Equal(PositionCloseReason.StopLoss, closed.CloseReason);
        Assert.Equal(triggered.AveragePrice, closed.ExitPrice);
        Assert.Equal(Math.Round((triggered.AveragePrice - open.EntryPrice) * open.Quantity, 2), Math.Round(closed.RealizedPnl!.Value, 2));
        Assert.Equal(triggered.RealizedPnl, closed.RealizedPnl);
        Assert.Equal("CANCELED", Assert.Single(Algo(open.TakeProfitOrderId!)).Status);
        Assert.Empty(CloseOrders(signal, user));
    }

    [Fact]
    public async Task A_spot_entry_is_protected_by_one_oco_pair_and_the_price_through_its_stop_closes_it_with_stop_loss()
    {
        var (signal, user) = await SetUpAsync(s => s with { Market = MarketType.Spot, StopLoss = 95m, TakeProfit = 110m });
        var open = await UntilPositionAsync(signal, user, p => p.StopLossOrderId is not null, "the spot position is protected");

        var listId = ProtectiveOrderIds.For(signal.SignalId, user.UserId, ProtectionKind.Oco);
        Assert.Equal(listId, open.TakeProfitOrderId);
        var list = Assert.Single(_system.Exchange.Orders.Lists(), l => l.ListClientOrderId == listId);
        Assert.Equal(2, list.OrderIds.Count);
        var stopLeg = Assert.Single(_system.Exchange.Orders.WithClientOrderId(open.StopLossOrderId!));
        Assert.Equal(("STOP_LOSS", OrderSide.Sell, 95m, open.Quantity), (stopLeg.Type, stopLeg.Side, stopLeg.StopPrice, stopLeg.Quantity));

        _system.Exchange.Prices.Set(signal.Symbol, 94m);
        var closed = await UntilPositionAsync(signal, user, p => p.Status == PositionStatus.Closed, "the stop leg's fill is noticed", TimeSpan.FromSeconds(30));

        var filled = Assert.Single(_system.Exchange.Orders.WithClientOrderId(open.StopLossOrderId!));
        Assert.Equal("FILLED", filled.Status);
        Assert.Equal(PositionCloseReason.StopLoss, closed.CloseReason);
        Assert.Equal(filled.AveragePrice, closed.ExitPrice);
        Assert.Equal(Math.Round((filled.AveragePrice - open.EntryPrice) * filled.ExecutedQuantity, 8), closed.RealizedPnl);
        Assert.Empty(CloseOrders(signal, user));
        Assert.Equal(1, _system.Exchange.Orders.Lists().Count(l => l.ListClientOrderId == listId));
    }

    [Theory]
    [InlineData(95, null, 94, PositionCloseReason.StopLoss, "STOP_LOSS")]
    [InlineData(null, 110, 111, PositionCloseReason.TakeProfit, "TAKE_PROFIT")]
    public async Task A_spot_entry_with_one_target_price_gets_that_single_order_and_the_price_through_it_closes_the_position(int? stopLoss, int? takeProfit, int price, PositionCloseReason reason, string type)
    {
        var (signal, user) = await SetUpAsync(s => s with { Market = MarketType.Spot, StopLoss = stopLoss, TakeProfit = takeProfit });
        var open = await UntilPositionAsync(signal, user, p => p.Status == PositionStatus.Open && (p.StopLossOrderId ?? p.TakeProfitOrderId) is not null, "the spot position is protected");

        var id = (open.StopLossOrderId ?? open.TakeProfitOrderId)!;
        var kind = stopLoss is null ? ProtectionKind.TakeProfit : ProtectionKind.StopLoss;
        Assert.Equal(ProtectiveOrderIds.For(signal.SignalId, user.UserId, kind), id);
        var order = Assert.Single(_system.Exchange.Orders.WithClientOrderId(id));
        Assert.Equal((type, OrderSide.Sell, (decimal)(stopLoss ?? takeProfit)!.Value, open.Quantity, "NEW"), (order.Type, order.Side, order.StopPrice, order.Quantity, order.Status));
        Assert.DoesNotContain(_system.Exchange.Orders.Lists(), l => l.ListClientOrderId == ProtectiveOrderIds.For(signal.SignalId, user.UserId, ProtectionKind.Oco));

        _system.Exchange.Prices.Set(signal.Symbol, price);
        var closed = await UntilPositionAsync(signal, user, p => p.Status == PositionStatus.Closed, "the protective order's fill is noticed", TimeSpan.FromSeconds(30));

        var filled = Assert.Single(_system.Exchange.Orders.WithClientOrderId(id));
        Assert.Equal("FILLED", filled.Status);
        Assert.Equal(reason, closed.CloseReason);
        Assert.Equal(filled.AveragePrice, closed.ExitPrice);
        Assert.Equal(Math.Round((filled.AveragePrice - open.EntryPrice) * filled.ExecutedQuantity, 8), closed.RealizedPnl);
        Assert.Empty(CloseOrders(signal, user));
    }

    [Fact]
    public async Task A_spot_close_with_one_target_price_cancels_its_single_order_before_selling_the_holding_once()
    {
        var (signal, user) = await SetUpAsync(s => s with { Market = MarketType.Spot, StopLoss = 95m, TakeProfit = null });
        var open = await UntilPositionAsync(signal, user, p => p.Status == PositionStatus.Open && p.StopLossOrderId is not null, "the spot position is protected");

        await CloseRequestAsync(user.UserId, open.PositionId);
        var closed = await UntilPositionAsync(signal, user, p => p.Status == PositionStatus.Closed, "the close request is carried out", TimeSpan.FromSeconds(30));

        Assert.Equal("CANCELED", Assert.Single(_system.Exchange.Orders.WithClientOrderId(open.StopLossOrderId!)).Status);
        var close = Assert.Single(CloseOrders(signal, user));
        Assert.Equal((OrderSide.Sell, "FILLED"), (close.Side, close.Status));
        Assert.Equal(close.AveragePrice, closed.ExitPrice);
    }

    [Fact]
    public async Task With_max_open_positions_1_a_second_signal_is_filtered_until_the_first_position_closes()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("max1", symbol) with { MaxOpenPositions = 1 };
        await _system.Inputs.PutUserAsync(user);
        var first = TestData.Signal(symbol);
        var second = TestData.Signal(symbol);
        var third = TestData.Signal(symbol);
        foreach (var signal in new[] { first, second, third })
        {
            await _system.Inputs.PublishSignalAsync(signal);
        }

        await _system.Inputs.CommandAsync(first, user.UserId);
        var open = await UntilPositionAsync(first, user, p => p.Status == PositionStatus.Open, "the first position is open");
        await _system.Inputs.CommandAsync(second, user.UserId);
        await Eventually.UntilAsync(() => _system.ExecutorLogs.Count($"Filtered {second.SignalId} for {user.UserId}: max_open_positions") >= 1, "the second signal is filtered");

        await CloseRequestAsync(user.UserId, open.PositionId);
        await UntilPositionAsync(first, user, p => p.Status == PositionStatus.Closed, "the first position is closed");
        await _system.Inputs.CommandAsync(third, user.UserId);

        await _system.Outputs.UntilExecutionAsync(third.SignalId, user.UserId, ExecutionStatus.Executed);
        Assert.Null(_system.Outputs.ExecutionOf(second.SignalId, user.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(second.SignalId, user.UserId));
    }

    [Fact]
    public async Task With_max_open_positions_2_two_open_positions_filter_the_third_signal_with_a_decision_and_one_closing_lets_the_next_execute()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("max2", symbol) with { MaxOpenPositions = 2 };
        await _system.Inputs.PutUserAsync(user);
        var signals = Enumerable.Range(0, 4).Select(_ => TestData.Signal(symbol)).ToList();
        foreach (var signal in signals)
        {
            await _system.Inputs.PublishSignalAsync(signal);
        }

        await _system.Inputs.CommandAsync(signals[0], user.UserId);
        await _system.Inputs.CommandAsync(signals[1], user.UserId);
        var first = await UntilPositionAsync(signals[0], user, p => p.Status == PositionStatus.Open, "the first position is open");
        await UntilPositionAsync(signals[1], user, p => p.Status == PositionStatus.Open, "the second position is open");
        await _system.Inputs.CommandAsync(signals[2], user.UserId);

        var refused = await _system.Outputs.UntilDecisionAsync(signals[2].SignalId, user.UserId, DecisionVerdict.Filtered);
        Assert.Equal((ExecutionDecisions.MaxOpenPositions, DecisionStage.Executor, 2), (refused.Rule, refused.Stage, refused.OpenPositions));
        Assert.Null(_system.Outputs.ExecutionOf(signals[2].SignalId, user.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(signals[2].SignalId, user.UserId));

        await CloseRequestAsync(user.UserId, first.PositionId);
        await UntilPositionAsync(signals[0], user, p => p.Status == PositionStatus.Closed, "the first position is closed");
        await _system.Inputs.CommandAsync(signals[3], user.UserId);

        await _system.Outputs.UntilExecutionAsync(signals[3].SignalId, user.UserId, ExecutionStatus.Executed);
        await UntilPositionAsync(signals[3], user, p => p.Status == PositionStatus.Open, "the next signal's position is open");
        Assert.Single(_system.Outputs.OrdersOf(signals[3].SignalId, user.UserId));
        Assert.Equal(PositionStatus.Open, PositionOf(signals[1], user)!.Status);
    }

    private async Task<(Signal Signal, UserSettings User)> SetUpAsync(Func<Signal, Signal> shape)
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("pos", symbol);
        await _system.Inputs.PutUserAsync(user);
        var signal = shape(TestData.Signal(symbol));
        await _system.Inputs.PublishSignalAsync(signal);
        await _system.Inputs.CommandAsync(signal, user.UserId);
        return (signal, user);
    }

    private Task CloseRequestAsync(string userId, string positionId) =>
        _system.Writer.WriteAsync(
            _system.Topics.ExecutionRequests,
            userId,
            new PositionCloseRequest { UserId = userId, PositionId = positionId, RequestedBy = "user", RequestedAt = DateTimeOffset.UtcNow },
            ContractsJsonContext.Default.PositionCloseRequest,
            SchemaNames.PositionCloseRequest);

    private async Task<Position> UntilPositionAsync(Signal signal, UserSettings user, Func<Position, bool> condition, string what, TimeSpan? timeout = null)
    {
        Position? found = null;
        await Eventually.UntilAsync(() => (found = PositionOf(signal, user)) is { } p && condition(p), $"{what} (last seen: {found?.Status.ToString() ?? "none"})", timeout);
        return found!;
    }

    private Position? PositionOf(Signal signal, UserSettings user) =>
        _system.Outputs.Positions().Values.FirstOrDefault(p => p.SignalId == signal.SignalId && p.UserId == user.UserId);

    private int PositionVersions(Signal signal, UserSettings user) =>
        TopicReader.ReadAll(_system.Bootstrap, _system.Topics.Positions)
            .Where(r => r.Value is not null)
            .Select(r => r.As(ContractsJsonContext.Default.Position))
            .Count(p => p.SignalId == signal.SignalId && p.UserId == user.UserId);

    private IReadOnlyList<PaperOrder> Algo(string clientOrderId) => _system.Exchange.Orders.WithClientOrderId(clientOrderId).Where(o => o.IsAlgo).ToList();

    private IReadOnlyList<PaperOrder> CloseOrders(Signal signal, UserSettings user) =>
        _system.Exchange.Orders.WithClientOrderId(ProtectiveOrderIds.For(signal.SignalId, user.UserId, ProtectionKind.Close));

    /// <summary>One executor + paper exchange for the class, checking protective orders every 300 ms.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private ExecutionHarness? _system;

        public async Task<ExecutionHarness> StartAsync(KafkaClusterFixture kafka, RedisServerFixture redis)
        {
            await _gate.WaitAsync();
            try
            {
                return _system ??= await BehaviourHarness.StartAsync(kafka, redis.Configuration, withRouter: false, executorSettings: new Dictionary<string, string?>
                {
                    ["Executor:ProtectionCheckIntervalMs"] = "300",
                    ["Executor:ProtectionCheckWeightPerMinute"] = "100000",
                });
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
