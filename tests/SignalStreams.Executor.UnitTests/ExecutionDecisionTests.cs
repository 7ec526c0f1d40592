using SignalStreams.Contracts;
using SignalStreams.SignalExecutor.Machine;
using static SignalStreams.Executor.UnitTests.Pairs;
using static SignalStreams.SignalExecutor.Machine.ExecutionEffect;

namespace SignalStreams.Executor.UnitTests;

/// <summary>Today's decisions (ExecutionPolicy), now made inside the machine.</summary>
public sealed class ExecutionDecisionTests
{
    private readonly ExecutionMachine _machine = Machine;

    [Theory]
    [InlineData(SignalStatus.Cancelled, "signal_cancelled")]
    [InlineData(SignalStatus.Expired, "signal_expired")]
    public void A_cancelled_or_expired_signal_is_blocked_without_a_record(SignalStatus status, string reason)
    {
        var step = _machine.Apply(null, Attempted(S(1), signal: Signal(status)));

        Assert.Null(step.State);
        Assert.Equal(new Block(reason), Assert.Single(step.Effects));
    }

    [Fact]
    public void A_signal_past_its_expiry_is_blocked_even_while_its_status_is_active()
    {
        var step = _machine.Apply(null, Attempted(S(301)));

        Assert.Equal(new Block("signal_expired"), Assert.Single(step.Effects));
    }

    [Fact]
    public void A_legacy_executed_signal_still_executes()
    {
        var step = _machine.Apply(null, Attempted(S(1), signal: Signal(SignalStatus.Executed)));

        Assert.Equal(ExchangeCallKind.Claim, Assert.Single(step.Effects.OfType<Call>()).ExchangeCall.Kind);
    }

    [Theory]
    [InlineData(false, SignalStrength.Weak, "bot_disabled")]
    [InlineData(true, SignalStrength.VeryStrong, "below_min_strength")]
    public void A_fan_out_command_is_rechecked_against_the_users_current_settings(bool botEnabled, SignalStrength minStrength, string reason)
    {
        var step = _machine.Apply(null, Attempted(S(1), signal: Signal(strength: SignalStrength.Strong), user: User(botEnabled, minStrength)));

        Assert.Null(step.State);
        Assert.Equal(new Filter(reason), Assert.Single(step.Effects));
    }

    [Fact]
    public void A_fan_out_command_respects_the_users_max_open_positions()
    {
        var step = _machine.Apply(null, Attempted(S(1), user: User(maxOpen: 2), openPositions: 2));

        Assert.Equal(new Filter("max_open_positions"), Assert.Single(step.Effects));
    }

    [Fact]
    public void A_manual_request_skips_the_bots_filters()
    {
        var step = _machine.Apply(null, Attempted(S(1), ExecutionTrigger.Manual, signal: Signal(strength: SignalStrength.Weak), user: User(botEnabled: false, SignalStrength.VeryStrong)));
        var claim = Assert.Single(step.Effects.OfType<Call>()).ExchangeCall;
        var claimed = _machine.Apply(null, Answered(S(1), claim, new CallResult.Claimed(Redis.ClaimStatus.First), Signal(strength: SignalStrength.Weak)));

        Assert.Equal(ExecutionStatus.Pending, claimed.State!.Record.Status);
    }

    [Fact]
    public void An_unknown_user_is_filtered()
    {
        var step = new ExecutionMachine(Settings).Apply(null, new ExecutionEvent.Attempted(T0 + S(1), Attempt(), Signal(), null, new ExchangeRoute("paper"), 0, false));

        Assert.Equal(new Filter("unknown_user"), Assert.Single(step.Effects));
    }

    [Fact]
    public void A_request_for_a_signal_the_table_does_not_hold_yet_is_retried_until_the_wait_is_over_then_blocked()
    {
        var early = _machine.Apply(null, Attempted(S(3), ExecutionTrigger.Manual, noSignal: true));
        var late = _machine.Apply(null, Attempted(S(11), ExecutionTrigger.Manual, noSignal: true));

        var retry = Assert.IsType<RetryLater>(Assert.Single(early.Effects));
        Assert.Equal(T0 + S(4), retry.At);
        Assert.Null(early.State);
        Assert.Equal(new Block("unknown_signal"), Assert.Single(late.Effects));
    }
}
