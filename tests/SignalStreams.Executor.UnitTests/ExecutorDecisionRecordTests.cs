using SignalStreams.Contracts;
using SignalStreams.SignalExecutor;
using SignalStreams.SignalExecutor.Machine;
using SignalStreams.SignalExecutor.Topology;
using static SignalStreams.Executor.UnitTests.Pairs;
using static SignalStreams.SignalExecutor.Machine.ExecutionEffect;

namespace SignalStreams.Executor.UnitTests;

/// <summary>The execution-decisions record each of the machine's verdicts states (issue 15), without a broker.</summary>
public sealed class ExecutorDecisionRecordTests
{
    private static readonly Func<string, Signal?> NoSignal = _ => null;
    private static readonly Func<string, UserSettings?> NoUser = _ => null;

    [Fact]
    public void A_fan_out_filtered_under_the_users_current_settings_is_an_executor_stage_decision_with_those_settings()
    {
        var attempted = Attempted(S(1), signal: Signal(strength: SignalStrength.Strong), user: User(minStrength: SignalStrength.VeryStrong));
        var effect = Assert.Single(Machine.Apply(null, attempted).Effects);

        var decision = ExecutorDecisions.Of("sig-1:u-1", effect, attempted, NoSignal, NoUser)!;

        Assert.Equal((DecisionVerdict.Filtered, "min-strength", DecisionStage.Executor, ExecutionTrigger.Fanout), (decision.Verdict, decision.Rule, decision.Stage, decision.Trigger));
        Assert.Equal("This signal is STRONG; your minimum is VERY_STRONG.", decision.Reason);
    }

    [Fact]
    public void Max_open_positions_carries_the_count_judged()
    {
        var attempted = Attempted(S(1), user: User(maxOpen: 2), openPositions: 2);

        var decision = ExecutorDecisions.Of("sig-1:u-1", Assert.Single(Machine.Apply(null, attempted).Effects), attempted, NoSignal, NoUser)!;

        Assert.Equal(("max-open-positions", 2, 2), (decision.Rule, decision.OpenPositions, decision.Settings!.MaxOpenPositions));
    }

    [Fact]
    public void A_duplicate_manual_request_is_refused_with_a_decision_but_a_replayed_fan_out_command_states_nothing()
    {
        var manual = Attempted(S(1), trigger: ExecutionTrigger.Manual);
        var replay = Attempted(S(1));

        var refusedManual = ExecutorDecisions.Of("sig-1:u-1", new RefuseDuplicate(ExecutionTrigger.Manual, "executed"), manual, NoSignal, NoUser)!;
        var refusedReplay = ExecutorDecisions.Of("sig-1:u-1", new RefuseDuplicate(ExecutionTrigger.Fanout, "executed"), replay, NoSignal, NoUser);

        Assert.Equal((DecisionVerdict.DuplicateRefused, "already-executed", ExecutionStatus.Executed), (refusedManual.Verdict, refusedManual.Rule, refusedManual.ExecutionStatus));
        Assert.Null(refusedReplay);
    }

    [Theory]
    [InlineData("insufficient_balance", null, "insufficient-balance")]
    [InlineData("below_min_notional", null, "below-min-notional")]
    [InlineData("code -2019: Margin is insufficient.", null, "insufficient-balance")]
    [InlineData("code -4164: Order's notional must be no smaller than 5 (unless you choose reduce only).", null, "below-min-notional")]
    [InlineData("code -1121: Invalid symbol.", null, "exchange-refused")]
    [InlineData(null, UserExchangeResolver.NoCredentials, "no-credentials")]
    [InlineData(null, ExecutionMachine.NoLongerExecutable, "no-longer-executable")]
    public void A_failed_record_is_decided_with_the_rule_of_its_cause(string? details, string? reason, string rule)
    {
        var failed = new SignalExecution
        {
            SignalId = "sig-1",
            UserId = "u-1",
            Status = ExecutionStatus.Failed,
            ClientOrderId = ClientOrderIds.For("sig-1", "u-1"),
            FailureReason = reason ?? "The exchange refused the order.",
            ErrorDetails = details,
            CreatedAt = T0,
            UpdatedAt = T0,
        };

        Assert.Equal(rule, ExecutorDecisions.FailureRule(failed));
    }
}
