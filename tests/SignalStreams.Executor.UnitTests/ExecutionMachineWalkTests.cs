using SignalStreams.Contracts;
using SignalStreams.SignalExecutor.Machine;
using static SignalStreams.Executor.UnitTests.Pairs;
using static SignalStreams.SignalExecutor.Machine.ExecutionEffect;

namespace SignalStreams.Executor.UnitTests;

/// <summary>Random walks through attempts, answers of every kind, ticks and crashes; the invariants hold at every step.</summary>
public sealed class ExecutionMachineWalkTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_walk_keeps_the_invariants(int seed)
    {
        var random = new Random(seed);
        var machine = Machine;
        var closedPositions = 0;
        for (var walk = 0; walk < 300; walk++)
        {
            ExecutionState? state = null;
            ExchangeCall? running = null;
            DateTimeOffset? lastClosePlace = null;
            var clock = S(1);
            var signal = random.Next(2) == 0 ? Signal() : Signal() with { StopLoss = random.Next(3) == 0 ? 68500m : 67000m, TakeProfit = 70000m };
            for (var step = 0; step < 100; step++)
            {
                clock += S(random.Next(0, 8));
                ExecutionEvent @event = random.Next(6) switch
                {
                    0 => Attempted(clock, random.Next(2) == 0 ? ExecutionTrigger.Manual : ExecutionTrigger.Fanout, signal: signal, inFlight: running is not null),
                    1 when running is { Kind: ExchangeCallKind.Claim } => Answered(clock, running, new CallResult.Claimed((Redis.ClaimStatus)random.Next(5), "failed"), signal),
                    1 when running is { Kind: ExchangeCallKind.Protect or ExchangeCallKind.Close or ExchangeCallKind.Check } => Answered(clock, running, RandomPositionResult(random, clock), signal),
                    1 when running is not null => Answered(clock, running, RandomResult(random), random.Next(5) == 0 ? signal with { Status = random.Next(2) == 0 ? SignalStatus.Cancelled : SignalStatus.Closed } : signal),
                    3 => new ExecutionEvent.CloseRequested(T0 + clock, random.Next(2) == 0 ? PositionCloseReason.Manual : PositionCloseReason.SourceClosed, running is not null),
                    4 => new ExecutionEvent.CheckDue(T0 + clock, running is not null),
                    2 => Tick(clock, running is not null),
                    _ => Tick(clock, running is not null),
                };
                if (random.Next(10) == 0)
                {
                    running = null; // a crash or rebalance: the answer is lost, the store keeps the state
                }

                if (@event is ExecutionEvent.Answered { Call: var answeredCall } && answeredCall == running)
                {
                    running = null;
                }

                var before = state;
                var transition = machine.Apply(state, @event);
                state = transition.State;

                if (before is { IsSettled: true })
                {
                    // Settled is final for the record; only an executed pair's position lives on.
                    Assert.Same(before.Record, state!.Record);
                    Assert.DoesNotContain(transition.Effects, e => e is Call { ExchangeCall.Kind: ExchangeCallKind.Place or ExchangeCallKind.Lookup or ExchangeCallKind.Claim or ExchangeCallKind.Confirm });
                    if (before.Life is null)
                    {
                        Assert.Same(before, state);
                        Assert.DoesNotContain(transition.Effects, e => e is Save or Call or PublishPosition);
                    }
                }

                if (before?.Life is { Phase: PositionPhase.Closed })
                {
                    // A closed position is never ordered again, never reopened.
                    Assert.Equal(PositionPhase.Closed, state!.Life!.Phase);
                    Assert.DoesNotContain(transition.Effects, e => e is Call or PublishPosition or Save);
                }

                foreach (var published in transition.Effects.OfType<PublishPosition>().Where(p => p.Position.Status == PositionStatus.Closed))
                {
                    closedPositions++;
                    Assert.NotNull(published.Position.CloseReason);
                    Assert.NotEqual(PositionPhase.Closed, before?.Life?.Phase);
                }

                if (before is { Confirming: not null })
                {
                    // A fill is known: the pair never fails and never places again.
                    Assert.NotEqual(ExecutionStatus.Failed, state!.Record.Status);
                }

                var calls = transition.Effects.OfType<Call>().Select(c => c.ExchangeCall).ToList();
                Assert.True(calls.Count <= 1);
                if (calls is [{ Kind: ExchangeCallKind.Protect or ExchangeCallKind.Close or ExchangeCallKind.Check } positionCall])
                {
                    Assert.Null(running); // one call per pair at a time
                    Assert.Equal(ExecutionStatus.Executed, state!.Record.Status);
                    if (positionCall.Kind != ExchangeCallKind.Check)
                    {
                        // Record before effect: the phase that names the call is saved in the same transition, before it.
                        var saved = transition.Effects.TakeWhile(e => e is not Call).OfType<Save>().Last().State;
                        Assert.Equal(positionCall.Kind == ExchangeCallKind.Protect ? PositionPhase.Protecting : PositionPhase.Closing, saved.Life!.Phase);
                    }

                    if (positionCall.Orders!.PlaceClose)
                    {
                        // A close order is placed again only after the confirmation window since the last that may have sent it.
                        Assert.True(lastClosePlace is null || T0 + clock - lastClosePlace >= Settings.NotFoundConfirmation, "close placed again inside the window");
                        lastClosePlace = T0 + clock;
                    }

                    running = positionCall;
                }
                else if (calls is [{ Kind: ExchangeCallKind.Claim } claim])
                {
                    Assert.Null(before);
                    Assert.Null(state);
                    Assert.Null(running);
                    running = claim;
                }
                else if (calls is [var call])
                {
                    // Record before effect: the same transition saves a pending state that names the call.
                    var save = transition.Effects.TakeWhile(e => e is not Call).OfType<Save>().Last().State;
                    Assert.Equal(ExecutionStatus.Pending, save.Record.Status);
                    Assert.Equal(call.Number, save.Calls);
                    Assert.Equal(save.Record.ClientOrderId, call.ClientOrderId);
                    Assert.Equal(save.Symbol, call.Symbol);
                    Assert.Null(running);
                    if (call.Kind == ExchangeCallKind.Place)
                    {
                        // Look before placing again: a second place only follows a confirmed "not found" of a lookup.
                        var first = @event is ExecutionEvent.Answered { Call.Kind: ExchangeCallKind.Claim };
                        var confirmedNotFound = @event is ExecutionEvent.Answered { Result: CallResult.NotFound, Call.Kind: ExchangeCallKind.Lookup };
                        Assert.True(first || confirmedNotFound, $"placed again after {@event}");
                        Assert.True(first || call.LookupFirst);
                    }

                    running = call;
                }
            }
        }

        Assert.True(closedPositions > 10, $"the walks reached the position's end only {closedPositions} times");
    }

    private static CallResult RandomPositionResult(Random random, TimeSpan clock) => random.Next(8) switch
    {
        0 => new CallResult.Protected(67000m, 70000m),
        1 => new CallResult.Crossed(PositionCloseReason.StopLoss, "crossed"),
        2 => new CallResult.Exited(67000m, 0.015m, T0 + clock, random.Next(3) switch { 0 => null, 1 => PositionCloseReason.StopLoss, _ => PositionCloseReason.TakeProfit }),
        3 => new CallResult.StillOpen(),
        4 => new CallResult.Gone("flat"),
        5 => new CallResult.NotFound("not visible"),
        6 => new CallResult.Confirmed(),
        _ => new CallResult.Unknown("timeout"),
    };

    private static CallResult RandomResult(Random random) => random.Next(8) switch
    {
        7 => new CallResult.Confirmed(),
        0 => Filled(random.Next(2) == 0),
        1 => Filled(quantity: 0m),
        2 => new CallResult.Rejected("refused", null),
        3 => new CallResult.NotFound("not known"),
        4 => new CallResult.SettledElsewhere(random.Next(2) == 0 ? "failed" : "executed"),
        5 => new CallResult.Unknown("timeout", random.Next(3) == 0 ? TimeSpan.FromSeconds(20) : null),
        _ => new CallResult.Unknown("timeout"),
    };
}
