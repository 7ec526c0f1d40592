using SignalStreams.Contracts;
using SignalStreams.Redis;
using SignalStreams.SignalExecutor.Machine;
using static SignalStreams.Executor.UnitTests.Pairs;
using static SignalStreams.SignalExecutor.Machine.ExecutionEffect;

namespace SignalStreams.Executor.UnitTests;

public sealed class ExecutionMachineTests
{
    private readonly ExecutionMachine _machine = Machine;

    [Fact]
    public void A_new_attempt_takes_the_claim_before_anything_is_recorded()
    {
        var step = _machine.Apply(null, Attempted(S(1)));

        Assert.Null(step.State);
        var claim = Assert.IsType<Call>(Assert.Single(step.Effects)).ExchangeCall;
        Assert.Equal(ExchangeCallKind.Claim, claim.Kind);
    }

    [Theory]
    [InlineData(ClaimStatus.First, false)]
    [InlineData(ClaimStatus.Again, true)]
    [InlineData(ClaimStatus.Unavailable, true)]
    public void A_taken_claim_records_pending_with_what_a_lookup_needs_before_it_calls_the_exchange(ClaimStatus status, bool lookupFirst)
    {
        var claim = Assert.Single(_machine.Apply(null, Attempted(S(1))).Effects.OfType<Call>()).ExchangeCall;

        var step = _machine.Apply(null, Answered(S(1), claim, new CallResult.Claimed(status)));

        Assert.Collection(
            step.Effects,
            save =>
            {
                var pending = Assert.IsType<Save>(save).State;
                Assert.True(((Save)save).Publish);
                Assert.Equal(ExecutionStatus.Pending, pending.Record.Status);
                Assert.Equal(ClientOrderIds.For("sig-1", "u-1"), pending.Record.ClientOrderId);
                Assert.Equal("paper", pending.Venue);
                Assert.Equal(MarketType.Futures, pending.Market);
                Assert.Equal("BTCUSDT", pending.Symbol);
                Assert.Equal("u1@example.com", pending.Record.UserEmail);
            },
            call =>
            {
                var placed = Assert.IsType<Call>(call).ExchangeCall;
                Assert.Equal(ExchangeCallKind.Place, placed.Kind);
                Assert.Equal(lookupFirst, placed.LookupFirst);
                Assert.Equal(!lookupFirst, placed.ClaimTakenAt is not null);
                Assert.Equal(step.State!.Record.ClientOrderId, placed.ClientOrderId);
                Assert.Equal(step.State.Calls, placed.Number);
            });
    }

    [Fact]
    public void A_pair_another_instance_finished_is_refused_without_a_record()
    {
        var claim = Assert.Single(_machine.Apply(null, Attempted(S(1))).Effects.OfType<Call>()).ExchangeCall;

        var step = _machine.Apply(null, Answered(S(1), claim, new CallResult.Claimed(ClaimStatus.Done, "executed")));

        Assert.Null(step.State);
        Assert.Equal(new RefuseDuplicate(ExecutionTrigger.Fanout, "done elsewhere"), Assert.Single(step.Effects));
    }

    [Fact]
    public void A_claim_held_by_another_instance_retries_the_attempt_later_without_a_record()
    {
        var claim = Assert.Single(_machine.Apply(null, Attempted(S(1))).Effects.OfType<Call>()).ExchangeCall;

        var step = _machine.Apply(null, Answered(S(1), claim, new CallResult.Claimed(ClaimStatus.Held)));

        Assert.Null(step.State);
        var retry = Assert.IsType<RetryLater>(Assert.Single(step.Effects));
        Assert.Equal(T0 + S(6), retry.At);
        Assert.Contains("Another executor instance is executing", retry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fill_sends_the_open_position_and_settles_executed_only_once_the_position_is_durable()
    {
        var (pending, call) = Placing();

        var filled = _machine.Apply(pending, Answered(S(2), call, Filled()));

        Assert.Equal(ExecutionStatus.Pending, filled.State!.Record.Status);
        var confirm = default(ExchangeCall);
        Assert.Collection(
            filled.Effects,
            e => Assert.Equal(PositionStatus.Open, Assert.IsType<PublishPosition>(e).Position.Status),
            e => Assert.False(Assert.IsType<Save>(e).Publish),
            e => confirm = Assert.IsType<Call>(e).ExchangeCall);
        Assert.Equal(ExchangeCallKind.Confirm, confirm!.Kind);

        var executed = _machine.Apply(filled.State, Answered(S(2.1), confirm, new CallResult.Confirmed()));

        Assert.Equal(ExecutionStatus.Executed, executed.State!.Record.Status);
        Assert.Equal(68010m, executed.State.Record.ActualEntryPrice);
        Assert.Equal("u-1:8389765", executed.State.Record.PositionId);
        Assert.Equal(250, executed.State.Record.Latency);
        Assert.Null(executed.State.Signal);
        Assert.Collection(
            executed.Effects,
            e => Assert.True(Assert.IsType<Save>(e).Publish),
            e => Assert.Equal("executed", Assert.IsType<CompleteClaim>(e).Status));
    }

    [Fact]
    public void A_position_that_does_not_become_durable_leaves_the_pair_pending_and_it_is_looked_up_again()
    {
        var (pending, call) = Placing();
        var filled = _machine.Apply(pending, Answered(S(2), call, Filled()));
        var confirm = Assert.Single(filled.Effects.OfType<Call>()).ExchangeCall;

        var lost = _machine.Apply(filled.State, Answered(S(3), confirm, new CallResult.Unknown("not acknowledged")));

        Assert.Equal(ExecutionStatus.Pending, lost.State!.Record.Status);
        Assert.Equal(ExchangeCallKind.Lookup, Assert.Single(_machine.Apply(lost.State, Tick(S(9))).Effects.OfType<Call>()).ExchangeCall.Kind);
    }

    [Fact]
    public void A_clear_refusal_settles_failed_with_the_exchanges_words()
    {
        var (pending, call) = Placing();

        var step = _machine.Apply(pending, Answered(S(2), call, new CallResult.Rejected("Account has insufficient balance.", "code -2019: Margin is insufficient.")));

        Assert.Equal(ExecutionStatus.Failed, step.State!.Record.Status);
        Assert.Equal("Account has insufficient balance.", step.State.Record.FailureReason);
        Assert.Equal("code -2019: Margin is insufficient.", step.State.Record.ErrorDetails);
        Assert.DoesNotContain(step.Effects, e => e is Call);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("not-filled")]
    [InlineData("not-found")]
    [InlineData("elsewhere-executed")]
    public void After_an_answer_that_is_not_a_clear_fill_or_refusal_the_next_call_is_a_lookup(string answer)
    {
        var (pending, call) = Placing();
        CallResult result = answer switch
        {
            "unknown" => new CallResult.Unknown("timeout"),
            "not-filled" => Filled(quantity: 0m),
            "not-found" => new CallResult.NotFound("The exchange does not know it."),
            _ => new CallResult.SettledElsewhere("executed"),
        };

        var afterAnswer = _machine.Apply(pending, Answered(S(2), call, result));
        Assert.Equal(ExecutionStatus.Pending, afterAnswer.State!.Record.Status);
        Assert.DoesNotContain(afterAnswer.Effects, e => e is Call);

        var tooEarly = _machine.Apply(afterAnswer.State, Tick(S(3)));
        Assert.Empty(tooEarly.Effects);

        var tick = _machine.Apply(afterAnswer.State, Tick(S(8)));
        var next = Assert.Single(tick.Effects.OfType<Call>()).ExchangeCall;
        Assert.Equal(ExchangeCallKind.Lookup, next.Kind);
        Assert.IsType<Save>(tick.Effects[0]);
    }

    [Fact]
    public void Not_found_right_after_an_uncertain_call_does_not_count_as_never_placed()
    {
        var (pending, call) = Placing();
        var unknown = _machine.Apply(pending, Answered(S(2), call, new CallResult.Unknown("timeout"))).State!;
        var lookup = LookupOf(_machine.Apply(unknown, Tick(S(7))), out var looking);

        var notYet = _machine.Apply(looking, Answered(S(7), lookup, new CallResult.NotFound("not known")));

        Assert.Equal(ExecutionStatus.Pending, notYet.State!.Record.Status);
        Assert.DoesNotContain(notYet.Effects, e => e is Call);
        Assert.Contains(new Reconciled("not_found_yet"), notYet.Effects);
    }

    [Fact]
    public void Not_found_after_the_confirmation_window_places_again_with_a_lookup_first_while_the_signal_is_executable()
    {
        var (pending, call) = Placing();
        var unknown = _machine.Apply(pending, Answered(S(2), call, new CallResult.Unknown("timeout"))).State!;
        var lookup = LookupOf(_machine.Apply(unknown, Tick(S(13))), out var looking);

        var again = _machine.Apply(looking, Answered(S(13), lookup, new CallResult.NotFound("not known")));

        var place = Assert.Single(again.Effects.OfType<Call>()).ExchangeCall;
        Assert.Equal(ExchangeCallKind.Place, place.Kind);
        Assert.True(place.LookupFirst);
        Assert.Equal(again.State!.Calls, place.Number);
        Assert.True(IndexOf<Save>(again.Effects) < IndexOf<Call>(again.Effects));
    }

    [Theory]
    [InlineData(SignalStatus.Cancelled, 1.0)]
    [InlineData(SignalStatus.Expired, 1.0)]
    [InlineData(SignalStatus.Active, 400.0)]
    public void Not_found_after_the_window_fails_the_record_once_the_signal_is_no_longer_executable(SignalStatus status, double seconds)
    {
        var (pending, call) = Placing();
        var unknown = _machine.Apply(pending, Answered(S(2), call, new CallResult.Unknown("timeout"))).State!;
        var lookup = LookupOf(_machine.Apply(unknown, Tick(S(seconds < 10 ? 13 : seconds))), out var looking);

        var failed = _machine.Apply(looking, Answered(S(seconds < 10 ? 13 : seconds), lookup, new CallResult.NotFound("not known"), Signal(status)));

        Assert.Equal(ExecutionStatus.Failed, failed.State!.Record.Status);
        Assert.Equal(ExecutionMachine.NoLongerExecutable, failed.State.Record.FailureReason);
        Assert.DoesNotContain(failed.Effects, e => e is Call);
    }

    [Fact]
    public void Not_found_after_the_window_fails_the_record_when_the_user_no_longer_exists_and_places_nothing()
    {
        var (pending, call) = Placing();
        var unknown = _machine.Apply(pending, Answered(S(2), call, new CallResult.Unknown("timeout"))).State!;
        var lookup = LookupOf(_machine.Apply(unknown, Tick(S(13))), out var looking);

        var failed = _machine.Apply(looking, Answered(S(13), lookup, new CallResult.NotFound("not known"), userGone: true));

        Assert.Equal(ExecutionMachine.UserGone, failed.State!.Record.FailureReason);
        Assert.DoesNotContain(failed.Effects, e => e is Call);
    }

    [Fact]
    public void A_late_visible_order_is_found_by_a_later_reconcile_and_never_ordered_again()
    {
        var (pending, call) = Placing();
        var places = 1;
        var state = _machine.Apply(pending, Answered(S(2), call, new CallResult.Unknown("No answer to the order (Timeout)"))).State!;

        // The lookup endpoint does not show the order yet ...
        var lookup = LookupOf(_machine.Apply(state, Tick(S(7))), out state);
        var step = _machine.Apply(state, Answered(S(7), lookup, new CallResult.NotFound("not known yet")));
        places += step.Effects.OfType<Call>().Count(c => c.ExchangeCall.Kind == ExchangeCallKind.Place);
        state = step.State!;

        // ... and a later reconcile finds it.
        lookup = LookupOf(_machine.Apply(state, Tick(S(12))), out state);
        step = _machine.Apply(state, Answered(S(12), lookup, Filled(byLookup: true)));
        Assert.Contains(new Reconciled("found"), step.Effects);
        Assert.Single(step.Effects.OfType<PublishPosition>());
        var confirm = Assert.Single(step.Effects.OfType<Call>()).ExchangeCall;
        step = _machine.Apply(step.State, Answered(S(12), confirm, new CallResult.Confirmed()));

        Assert.Equal(1, places);
        Assert.Equal(ExecutionStatus.Executed, step.State!.Record.Status);
    }

    [Theory]
    [InlineData(ExecutionStatus.Executed)]
    [InlineData(ExecutionStatus.Failed)]
    public void A_settled_record_is_never_changed_by_any_event(ExecutionStatus settledAs)
    {
        var (pending, call) = Placing();
        var settled = settledAs == ExecutionStatus.Executed ? Execute(pending, call) : _machine.Apply(pending, Answered(S(2), call, new CallResult.Rejected("no", null))).State!;
        ExecutionEvent[] events =
        [
            Attempted(S(3)),
            Attempted(S(3), ExecutionTrigger.Manual),
            Attempted(S(3), inFlight: true),
            Answered(S(4), call, Filled(byLookup: true)),
            Answered(S(4), call, new CallResult.Rejected("late refusal", null)),
            Answered(S(4), call, new CallResult.NotFound("nothing")),
            Answered(S(4), call with { Number = 9 }, new CallResult.Unknown("?")),
            Answered(S(4), call, new CallResult.SettledElsewhere("failed")),
            Tick(S(600)),
        ];

        foreach (var @event in events)
        {
            var step = _machine.Apply(settled, @event);
            Assert.Same(settled, step.State);
            Assert.DoesNotContain(step.Effects, e => e is Save or Call or PublishPosition or CompleteClaim);
        }
    }

    [Fact]
    public void A_second_attempt_of_an_executed_pair_is_refused_as_a_duplicate()
    {
        var (pending, call) = Placing();
        var executed = Execute(pending, call);

        var step = _machine.Apply(executed, Attempted(S(30), ExecutionTrigger.Manual));

        Assert.Equal(new RefuseDuplicate(ExecutionTrigger.Manual, "executed"), Assert.Single(step.Effects));
    }

    [Fact]
    public void An_attempt_of_a_pending_pair_looks_the_order_up_unless_a_call_is_running()
    {
        var (pending, _) = Placing();

        var running = _machine.Apply(pending, Attempted(S(2), ExecutionTrigger.Manual, inFlight: true));
        var idle = _machine.Apply(pending, Attempted(S(2), ExecutionTrigger.Manual));

        Assert.IsType<RefuseDuplicate>(Assert.Single(running.Effects));
        Assert.Equal(ExchangeCallKind.Lookup, Assert.Single(idle.Effects.OfType<Call>()).ExchangeCall.Kind);
    }

    [Fact]
    public void The_timer_leaves_a_pair_alone_while_its_call_runs()
    {
        var (pending, _) = Placing();

        Assert.Empty(_machine.Apply(pending, Tick(S(60), inFlight: true)).Effects);
        Assert.Equal(ExchangeCallKind.Lookup, Assert.Single(_machine.Apply(pending, Tick(S(60))).Effects.OfType<Call>()).ExchangeCall.Kind);
    }

    [Fact]
    public void An_answer_to_an_older_call_changes_nothing_unless_it_is_a_fill()
    {
        var (pending, call) = Placing();
        var looking = _machine.Apply(pending, Tick(S(60))).State!;

        Assert.Same(looking, _machine.Apply(looking, Answered(S(61), call, new CallResult.Rejected("stale", null))).State);
        Assert.NotNull(_machine.Apply(looking, Answered(S(61), call, Filled())).State!.Confirming);
    }

    [Fact]
    public void A_rate_limited_answer_waits_for_its_retry_after_before_the_lookup()
    {
        var (pending, call) = Placing();
        var limited = _machine.Apply(pending, Answered(S(2), call, new CallResult.Unknown("429", TimeSpan.FromSeconds(30)))).State!;

        Assert.Empty(_machine.Apply(limited, Tick(S(10))).Effects);
        Assert.Single(_machine.Apply(limited, Tick(S(33))).Effects.OfType<Call>());
    }

    [Fact]
    public void Another_instance_that_settled_the_pair_failed_settles_it_failed_here()
    {
        var (pending, call) = Placing();

        var step = _machine.Apply(pending, Answered(S(2), call, new CallResult.SettledElsewhere("failed")));

        Assert.Equal(ExecutionMachine.SettledElsewhereFailed, step.State!.Record.FailureReason);
    }

    [Fact]
    public void A_user_without_a_usable_exchange_fails_at_once_without_a_call()
    {
        var step = _machine.Apply(null, Attempted(S(1), route: new ExchangeRoute("binance", "No exchange credentials are stored for this user.")));

        Assert.Equal(ExecutionStatus.Failed, step.State!.Record.Status);
        Assert.Equal("No exchange credentials are stored for this user.", step.State.Record.FailureReason);
        Assert.DoesNotContain(step.Effects, e => e is Call);
    }

    internal (ExecutionState Pending, ExchangeCall Call) Placing()
    {
        var claim = Assert.Single(_machine.Apply(null, Attempted(S(1))).Effects.OfType<Call>()).ExchangeCall;
        var step = _machine.Apply(null, Answered(S(1), claim, new CallResult.Claimed(ClaimStatus.First)));
        return (step.State!, Assert.Single(step.Effects.OfType<Call>()).ExchangeCall);
    }

    private ExecutionState Execute(ExecutionState pending, ExchangeCall call)
    {
        var filled = _machine.Apply(pending, Answered(S(2), call, Filled()));
        var confirm = Assert.Single(filled.Effects.OfType<Call>()).ExchangeCall;
        return _machine.Apply(filled.State, Answered(S(2), confirm, new CallResult.Confirmed())).State!;
    }

    private static ExchangeCall LookupOf(ExecutionTransition step, out ExecutionState state)
    {
        state = step.State!;
        var call = Assert.Single(step.Effects.OfType<Call>()).ExchangeCall;
        Assert.Equal(ExchangeCallKind.Lookup, call.Kind);
        return call;
    }

    private static int IndexOf<T>(IReadOnlyList<ExecutionEffect> effects) => effects.Select((e, i) => (e, i)).First(x => x.e is T).i;
}
