using SignalStreams.Contracts;
using SignalStreams.Exchange.Protection;
using SignalStreams.Redis;
using SignalStreams.SignalExecutor.Machine;
using static SignalStreams.Executor.UnitTests.Pairs;
using static SignalStreams.SignalExecutor.Machine.ExecutionEffect;

namespace SignalStreams.Executor.UnitTests;

/// <summary>The position's life after the entry: protection, closing, noticing protective fills.</summary>
public sealed class PositionMachineTests
{
    private static readonly Signal Protected = Signal() with { StopLoss = 67000m, TakeProfit = 70000m };
    private readonly ExecutionMachine _machine = Machine;

    [Fact]
    public void An_executed_entry_records_protection_pending_before_it_asks_for_the_stop_and_take_profit()
    {
        var step = Execute(Protected);

        var save = Assert.IsType<Save>(step.Effects[0]);
        Assert.True(save.Publish);
        Assert.Equal(ExecutionStatus.Executed, save.State.Record.Status);
        Assert.Equal(PositionPhase.Protecting, save.State.Life!.Phase);
        Assert.Equal(ProtectiveOrderIds.For("sig-1", "u-1", ProtectionKind.StopLoss), save.State.Life.Position.StopLossOrderId);
        Assert.Equal(ProtectiveOrderIds.For("sig-1", "u-1", ProtectionKind.TakeProfit), save.State.Life.Position.TakeProfitOrderId);
        var call = Assert.IsType<Call>(step.Effects[^1]).ExchangeCall;
        Assert.Equal(ExchangeCallKind.Protect, call.Kind);
        Assert.Equal(67000m, call.Orders!.StopLoss);
        Assert.Equal(70000m, call.Orders.TakeProfit);
        Assert.Equal(OrderSide.Buy, call.Orders.EntrySide);
        Assert.Equal(0.015m, call.Orders.Quantity);
        Assert.True(IndexOf<Save>(step.Effects) < IndexOf<Call>(step.Effects));
    }

    [Theory]
    [InlineData(67000, null)]
    [InlineData(null, 70000)]
    public void A_spot_entry_with_one_target_price_is_protected_by_that_single_order_not_left_unprotected(int? stop, int? take)
    {
        var step = Execute(Signal() with { Market = MarketType.Spot, StopLoss = stop, TakeProfit = take });

        var save = Assert.IsType<Save>(step.Effects[0]);
        Assert.Equal(PositionPhase.Protecting, save.State.Life!.Phase);
        Assert.Null(save.State.Life.Position.Note);
        Assert.Equal(stop is null ? null : ProtectiveOrderIds.For("sig-1", "u-1", ProtectionKind.StopLoss), save.State.Life.Position.StopLossOrderId);
        Assert.Equal(take is null ? null : ProtectiveOrderIds.For("sig-1", "u-1", ProtectionKind.TakeProfit), save.State.Life.Position.TakeProfitOrderId);
        var call = Assert.IsType<Call>(step.Effects[^1]).ExchangeCall;
        Assert.Equal((ExchangeCallKind.Protect, (decimal?)stop, (decimal?)take), (call.Kind, call.Orders!.StopLoss, call.Orders.TakeProfit));
        Assert.True(IndexOf<Save>(step.Effects) < IndexOf<Call>(step.Effects));
    }

    [Fact]
    public void Placed_protection_opens_the_position_with_its_prices_and_ids()
    {
        var protecting = Execute(Protected);
        var call = Assert.Single(protecting.Effects.OfType<Call>()).ExchangeCall;

        var step = _machine.Apply(protecting.State, Answered(S(3), call, new CallResult.Protected(67000m, 70000m)));

        Assert.Equal(PositionPhase.Open, step.State!.Life!.Phase);
        var position = Assert.Single(step.Effects.OfType<PublishPosition>()).Position;
        Assert.Equal(PositionStatus.Open, position.Status);
        Assert.Equal(67000m, position.StopLoss);
        Assert.Equal(70000m, position.TakeProfit);
        Assert.NotNull(position.StopLossOrderId);
        Assert.DoesNotContain(step.Effects, e => e is Call);
    }

    [Fact]
    public void A_crash_before_the_protection_answer_asks_again_from_the_recorded_state_and_never_places_twice_blindly()
    {
        var protecting = Execute(Protected).State!;

        Assert.Empty(_machine.Apply(protecting, Tick(S(3), inFlight: false)).Effects); // grace not over yet
        Assert.Empty(_machine.Apply(protecting, Tick(S(30), inFlight: true)).Effects);
        var again = _machine.Apply(protecting, Tick(S(30)));

        var call = Assert.Single(again.Effects.OfType<Call>()).ExchangeCall;
        Assert.Equal(ExchangeCallKind.Protect, call.Kind);
        Assert.True(call.LookupFirst);
        Assert.IsType<Save>(again.Effects[0]);
    }

    [Theory]
    [InlineData(68500, null, PositionCloseReason.StopLoss, "stop-loss 68500 was already crossed")]
    [InlineData(null, 68000, PositionCloseReason.TakeProfit, "take-profit 68000 was already reached")]
    public void A_target_already_crossed_at_the_fill_closes_at_market_at_once_with_a_note(int? stop, int? take, PositionCloseReason reason, string note)
    {
        var step = Execute(Signal() with { StopLoss = stop, TakeProfit = take });

        Assert.Equal(PositionPhase.Closing, step.State!.Life!.Phase);
        Assert.Equal(reason, step.State.Life.ClosingReason);
        Assert.Contains(note, step.State.Life.Position.Note, StringComparison.Ordinal);
        var close = Assert.Single(step.Effects.OfType<Call>()).ExchangeCall;
        Assert.Equal(ExchangeCallKind.Close, close.Kind);
        Assert.True(close.Orders!.PlaceClose);

        var closed = _machine.Apply(step.State, Answered(S(3), close, new CallResult.Exited(67900m, 0.015m, T0 + S(3), null)));

        var position = Assert.Single(closed.Effects.OfType<PublishPosition>()).Position;
        Assert.Equal(PositionStatus.Closed, position.Status);
        Assert.Equal(reason, position.CloseReason);
        Assert.Equal(67900m, position.ExitPrice);
        Assert.Equal((67900m - 68010m) * 0.015m, position.RealizedPnl);
        Assert.Equal(ProtectiveOrderIds.For("sig-1", "u-1", ProtectionKind.Close), position.CloseOrderId);
        Assert.Contains(note, position.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Protection_none_opens_without_orders_and_percent_takes_the_users_distances_from_the_fill()
    {
        var none = Execute(Protected, User() with { Protection = new Protection { Mode = ProtectionMode.None } });
        Assert.Equal(PositionPhase.Open, none.State!.Life!.Phase);
        Assert.DoesNotContain(none.Effects, e => e is Call);

        var percent = Execute(Protected, User() with { Protection = new Protection { Mode = ProtectionMode.Percent, StopLossPercent = 2m, TakeProfitPercent = 5m } });
        var call = Assert.Single(percent.Effects.OfType<Call>()).ExchangeCall;
        Assert.Equal(68010m * 0.98m, call.Orders!.StopLoss);
        Assert.Equal(68010m * 1.05m, call.Orders.TakeProfit);
    }

    [Fact]
    public void A_source_close_records_closing_before_the_close_call_and_closes_once()
    {
        var open = Open();

        var step = _machine.Apply(open, new ExecutionEvent.CloseRequested(T0 + S(10), PositionCloseReason.SourceClosed, false));

        Assert.Equal(PositionPhase.Closing, Assert.IsType<Save>(step.Effects[0]).State.Life!.Phase);
        var close = Assert.IsType<Call>(step.Effects[1]).ExchangeCall;
        Assert.Equal(ExchangeCallKind.Close, close.Kind);
        Assert.Equal(ProtectiveOrderIds.For("sig-1", "u-1", ProtectionKind.Close), close.Orders!.CloseOrderId);

        var duplicate = _machine.Apply(step.State, new ExecutionEvent.CloseRequested(T0 + S(11), PositionCloseReason.SourceClosed, false));
        Assert.Equal(ExecutionMachine.AlreadyClosing, Assert.IsType<RefuseClose>(Assert.Single(duplicate.Effects)).Why);

        var closed = _machine.Apply(step.State, Answered(S(12), close, new CallResult.Exited(69000m, 0.015m, T0 + S(12), null)));
        var position = Assert.Single(closed.Effects.OfType<PublishPosition>()).Position;
        Assert.Equal(PositionCloseReason.SourceClosed, position.CloseReason);
        Assert.Equal(14.85m, position.RealizedPnl);
        Assert.Equal(1.4557m, position.RealizedPnlPercent);

        var late = _machine.Apply(closed.State, new ExecutionEvent.CloseRequested(T0 + S(13), PositionCloseReason.Manual, false));
        Assert.Equal(ExecutionMachine.AlreadyClosed, Assert.IsType<RefuseClose>(Assert.Single(late.Effects)).Why);
        Assert.Empty(_machine.Apply(closed.State, Tick(S(600))).Effects);
        Assert.Empty(_machine.Apply(closed.State, new ExecutionEvent.CheckDue(T0 + S(600), false)).Effects);
    }

    [Fact]
    public void A_close_without_a_clear_answer_only_looks_the_order_up_until_the_confirmation_window_has_passed()
    {
        var closing = _machine.Apply(Open(), new ExecutionEvent.CloseRequested(T0 + S(10), PositionCloseReason.Manual, false));
        var close = Assert.Single(closing.Effects.OfType<Call>()).ExchangeCall;
        var unknown = _machine.Apply(closing.State, Answered(S(11), close, new CallResult.Unknown("timeout")));

        var early = _machine.Apply(unknown.State, Tick(S(17)));
        var lookup = Assert.Single(early.Effects.OfType<Call>()).ExchangeCall;
        Assert.False(lookup.Orders!.PlaceClose);

        var notFound = _machine.Apply(early.State, Answered(S(18), lookup, new CallResult.NotFound("not visible")));
        var late = _machine.Apply(notFound.State, Tick(S(24)));
        Assert.True(Assert.Single(late.Effects.OfType<Call>()).ExchangeCall.Orders!.PlaceClose);
    }

    [Fact]
    public void A_close_asked_while_the_protection_call_runs_waits_for_it_and_the_timer_issues_the_close()
    {
        var protecting = Execute(Protected).State!;

        var step = _machine.Apply(protecting, new ExecutionEvent.CloseRequested(T0 + S(3), PositionCloseReason.Manual, CallInFlight: true));

        Assert.Equal(PositionPhase.Closing, step.State!.Life!.Phase);
        Assert.DoesNotContain(step.Effects, e => e is Call);
        Assert.Empty(_machine.Apply(step.State, Tick(S(4), inFlight: true)).Effects);
        var close = Assert.Single(_machine.Apply(step.State, Tick(S(4))).Effects.OfType<Call>()).ExchangeCall;
        Assert.Equal(ExchangeCallKind.Close, close.Kind);
    }

    [Fact]
    public void A_check_a_stream_hinted_at_asks_only_about_the_named_order_and_changes_no_state()
    {
        var open = Open();

        var hinted = _machine.Apply(open, new ExecutionEvent.CheckDue(T0 + S(20), false, ProtectionKind.StopLoss));
        var plain = _machine.Apply(open, new ExecutionEvent.CheckDue(T0 + S(20), false));

        Assert.Equal(ProtectionKind.StopLoss, Assert.Single(hinted.Effects.OfType<Call>()).ExchangeCall.Orders!.Hinted);
        Assert.Null(Assert.Single(plain.Effects.OfType<Call>()).ExchangeCall.Orders!.Hinted);
        Assert.Equal(open, hinted.State);
    }

    [Fact]
    public void A_stop_that_filled_closes_the_position_with_its_price_after_the_sibling_is_cancelled()
    {
        var open = Open();
        var check = Assert.Single(_machine.Apply(open, new ExecutionEvent.CheckDue(T0 + S(20), false)).Effects.OfType<Call>()).ExchangeCall;
        Assert.Equal(ExchangeCallKind.Check, check.Kind);
        Assert.Empty(_machine.Apply(open, Answered(S(20), check, new CallResult.StillOpen())).Effects);

        var filled = _machine.Apply(open, Answered(S(21), check, new CallResult.Exited(66990m, 0.015m, T0 + S(21), PositionCloseReason.StopLoss)));

        var cancel = Assert.Single(filled.Effects.OfType<Call>()).ExchangeCall;
        Assert.Equal(ExchangeCallKind.Close, cancel.Kind);
        Assert.True(cancel.Orders!.CancelOnly);
        Assert.False(cancel.Orders.PlaceClose);
        var closed = _machine.Apply(filled.State, Answered(S(22), cancel, new CallResult.Confirmed()));
        var position = Assert.Single(closed.Effects.OfType<PublishPosition>()).Position;
        Assert.Equal(PositionCloseReason.StopLoss, position.CloseReason);
        Assert.Equal(66990m, position.ExitPrice);
        Assert.Equal(-15.3m, position.RealizedPnl);
        Assert.Null(position.CloseOrderId);
    }

    [Fact]
    public void An_entry_that_fills_after_its_signal_closed_is_closed_at_once_without_protection()
    {
        var (pending, call) = Placing(Protected);
        var filled = _machine.Apply(pending, Answered(S(2), call, Filled()));
        var confirm = Assert.Single(filled.Effects.OfType<Call>()).ExchangeCall;

        var step = _machine.Apply(filled.State, Answered(S(2), confirm, new CallResult.Confirmed(), Protected with { Status = SignalStatus.Closed }));

        Assert.Equal(PositionCloseReason.SourceClosed, step.State!.Life!.ClosingReason);
        Assert.Equal(ExchangeCallKind.Close, Assert.Single(step.Effects.OfType<Call>()).ExchangeCall.Kind);
    }

    private ExecutionState Open()
    {
        var protecting = Execute(Protected);
        var call = Assert.Single(protecting.Effects.OfType<Call>()).ExchangeCall;
        return _machine.Apply(protecting.State, Answered(S(3), call, new CallResult.Protected(67000m, 70000m))).State!;
    }

    private (ExecutionState Pending, ExchangeCall Call) Placing(Signal signal, UserSettings? user = null)
    {
        var claim = Assert.Single(_machine.Apply(null, Attempted(S(1), signal: signal, user: user)).Effects.OfType<Call>()).ExchangeCall;
        var step = _machine.Apply(null, Answered(S(1), claim, new CallResult.Claimed(ClaimStatus.First), signal) with { Settings = user ?? User() });
        return (step.State!, Assert.Single(step.Effects.OfType<Call>()).ExchangeCall);
    }

    private ExecutionTransition Execute(Signal signal, UserSettings? user = null)
    {
        var (pending, call) = Placing(signal, user);
        var filled = _machine.Apply(pending, Answered(S(2), call, Filled(), signal));
        var confirm = Assert.Single(filled.Effects.OfType<Call>()).ExchangeCall;
        return _machine.Apply(filled.State, Answered(S(2), confirm, new CallResult.Confirmed(), signal) with { Settings = user ?? User() });
    }

    private static int IndexOf<T>(IReadOnlyList<ExecutionEffect> effects) => effects.Select((e, i) => (e, i)).First(x => x.e is T).i;
}
