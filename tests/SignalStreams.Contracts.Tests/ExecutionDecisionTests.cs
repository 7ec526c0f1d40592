namespace SignalStreams.Contracts.Tests;

public sealed class ExecutionDecisionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2025-11-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_weak_signal_for_a_strong_minimum_is_filtered_by_min_strength_with_both_values_and_a_sentence()
    {
        var signal = Signal(SignalStrength.Weak);
        var settings = Settings() with { MinStrength = SignalStrength.Strong };

        var decision = ExecutionDecisions.NotExecuted(DecisionVerdict.Filtered, settings.RejectionReason(signal)!, DecisionStage.Router, ExecutionTrigger.Fanout, signal.SignalId, settings.UserId, signal, settings, Now);

        Assert.Equal((DecisionVerdict.Filtered, "min-strength", DecisionStage.Router), (decision.Verdict, decision.Rule, decision.Stage));
        Assert.Equal("This signal is WEAK; your minimum is STRONG.", decision.Reason);
        Assert.Equal((SignalStrength.Weak, SignalStrength.Strong), (decision.Signal!.Strength, decision.Settings!.MinStrength));
        Assert.Equal("sig-1:u-1", decision.Key);
        Assert.True(decision.Validate().IsValid);
    }

    [Theory]
    [InlineData("bot_disabled", "bot-disabled")]
    [InlineData("symbol_not_selected", "symbols")]
    [InlineData("market_not_selected", "markets")]
    [InlineData("max_open_positions", "max-open-positions")]
    [InlineData("signal_expired", "expired")]
    [InlineData("signal_cancelled", "cancelled")]
    [InlineData("signal_closed", "closed")]
    [InlineData("unknown_signal", "unknown-signal")]
    [InlineData("insufficient_balance", "insufficient-balance")]
    [InlineData("below_min_notional", "below-min-notional")]
    public void Every_reason_code_of_the_router_and_executor_has_a_rule(string code, string rule) =>
        Assert.Equal(rule, ExecutionDecisions.RuleOf(code));

    [Fact]
    public void The_record_is_camel_case_json_with_wire_enum_names_and_carries_nothing_secret()
    {
        var signal = Signal(SignalStrength.Weak);
        var decision = ExecutionDecisions.Duplicate(signal.SignalId, "u-1", ExecutionStatus.Executed, ExecutionTrigger.Manual, signal, Settings(), Now);

        var json = System.Text.Encoding.UTF8.GetString(ContractJson.Serialize(decision, ContractsJsonContext.Default.ExecutionDecisionRecord));

        Assert.Contains("\"verdict\":\"duplicate-refused\"", json, StringComparison.Ordinal);
        Assert.Contains("\"stage\":\"executor\"", json, StringComparison.Ordinal);
        Assert.Contains("\"executionStatus\":\"executed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"decidedAt\":\"2025-11-02T10:00:00.000Z\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", json, StringComparison.Ordinal);
        Assert.Equal(decision, ContractJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json), ContractsJsonContext.Default.ExecutionDecisionRecord) with { Settings = decision.Settings });
    }

    private static Signal Signal(SignalStrength strength) => new()
    {
        SignalId = "sig-1",
        Source = "tests",
        Symbol = "BTCUSDT",
        Market = MarketType.Futures,
        Side = OrderSide.Buy,
        EntryPrice = 68000m,
        Strength = strength,
        Status = SignalStatus.Active,
        CreatedAt = Now,
        ExpiresAt = Now.AddMinutes(5),
    };

    private static UserSettings Settings() => new()
    {
        UserId = "u-1",
        Email = "u1@example.com",
        BotEnabled = true,
        Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = 100m },
    };
}
