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
        for (var walk = 0; walk < 300; walk++)
        {
            ExecutionState? state = null;
            ExchangeCall? running = null;
            var clock = S(1);
            for (var step = 0; step < 40; step++)
            {
                clock += S(random.Next(0, 8));
                ExecutionEvent @event = random.Next(4) switch
                {
                    0 => Attempted(clock, random.Next(2) == 0 ? ExecutionTrigger.Manual : ExecutionTrigger.Fanout, inFlight: running is not null),
                    1 when running is { Kind: ExchangeCallKind.Claim } => Answered(clock, running, new CallResult.Claimed((Redis.ClaimStatus)random.Next(5), "failed")),
                    1 when running is not null => Answered(clock, running, RandomResult(random), random.Next(5) == 0 ? Signal(SignalStatus.Cancelled) : null),
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
                    Assert.Same(before, state);
                    Assert.DoesNotContain(transition.Effects, e => e is Save or Call or PublishPosition);
                }

                if (before is { Confirming: not null })
                {
                    // A fill is known: the pair never fails and never places again.
                    Assert.NotEqual(ExecutionStatus.Failed, state!.Record.Status);
                }

                var calls = transition.Effects.OfType<Call>().Select(c => c.ExchangeCall).ToList();
                Assert.True(calls.Count <= 1);
                if (calls is [{ Kind: ExchangeCallKind.Claim } claim])
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
    }

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
