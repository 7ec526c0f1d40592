using System.Text;

namespace SignalStreams.Contracts.Tests;

public sealed class SignalValidationTests
{
    private static readonly Signal Valid = ContractJson.Deserialize(Encoding.UTF8.GetBytes(ContractExamples.Signal), ContractsJsonContext.Default.Signal);

    public static TheoryData<string, Func<Signal, Signal>> Violations => new()
    {
        { "signalId", s => s with { SignalId = "" } },
        { "signalId", s => s with { SignalId = new string('a', 65) } },
        { "signalId", s => s with { SignalId = "has space" } },
        { "source", s => s with { Source = " " } },
        { "symbol", s => s with { Symbol = "btcusdt" } },
        { "symbol", s => s with { Symbol = "B" } },
        { "symbol", s => s with { Symbol = new string('A', 21) } },
        { "market", s => s with { Market = (MarketType)42 } },
        { "side", s => s with { Side = (OrderSide)42 } },
        { "strength", s => s with { Strength = (SignalStrength)42 } },
        { "status", s => s with { Status = (SignalStatus)42 } },
        { "entryPrice", s => s with { EntryPrice = 0m } },
        { "entryPrice", s => s with { EntryPrice = -1m } },
        { "leverage", s => s with { Leverage = 0 } },
        { "leverage", s => s with { Leverage = 126 } },
        { "stopLoss", s => s with { StopLoss = 0m } },
        { "takeProfit", s => s with { TakeProfit = -5m } },
        { "expiresAt", s => s with { ExpiresAt = s.CreatedAt } },
        { "origin", s => s with { Origin = new SignalOrigin { Kind = "" } } },
    };

    public static TheoryData<string, Func<Signal, Signal>> Acceptable => new()
    {
        { "signalId at 64 characters with every allowed sign", s => s with { SignalId = "aZ09_.:-" + new string('x', 56) } },
        { "symbol at 2 characters", s => s with { Symbol = "X1" } },
        { "symbol at 20 characters", s => s with { Symbol = new string('A', 20) } },
        { "optional fields absent", s => s with { Leverage = null, StopLoss = null, TakeProfit = null, Origin = null } },
        { "leverage at both bounds", s => s with { Leverage = 125 } },
        { "SPOT SELL WEAK", s => s with { Market = MarketType.Spot, Side = OrderSide.Sell, Strength = SignalStrength.Weak } },
        { "legacy EXECUTED status", s => s with { Status = SignalStatus.Executed } },
        { "expiresAt one millisecond after createdAt", s => s with { ExpiresAt = s.CreatedAt.AddMilliseconds(1) } },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void A_rule_violation_is_reported_for_its_field(string field, Func<Signal, Signal> mutate)
    {
        var result = SignalValidator.Validate(mutate(Valid));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(field, problem.Field);
    }

    [Theory]
    [MemberData(nameof(Acceptable))]
    public void A_signal_within_the_rules_is_valid(string because, Func<Signal, Signal> mutate)
    {
        var result = SignalValidator.Validate(mutate(Valid));

        Assert.True(result.IsValid, $"{because}: {result.Describe()}");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = SignalValidator.Validate(Valid with { SignalId = "", Symbol = "x", EntryPrice = 0, ExpiresAt = Valid.CreatedAt.AddMinutes(-1) });

        Assert.Equal(["signalId", "symbol", "entryPrice", "expiresAt"], result.Problems.Select(p => p.Field));
    }

    [Fact]
    public void A_draft_gets_status_createdAt_and_a_five_minute_expiry()
    {
        var now = new DateTimeOffset(2025, 11, 2, 10, 0, 0, TimeSpan.Zero);
        var draft = new SignalDraft { SignalId = "s1", Source = "src", Symbol = "BTCUSDT", Market = MarketType.Futures, Side = OrderSide.Buy, EntryPrice = 68000m, Strength = SignalStrength.Strong };

        var signal = draft.ToSignal(now).Value!;

        Assert.Equal(SignalStatus.Active, signal.Status);
        Assert.Equal(now, signal.CreatedAt);
        Assert.Equal(now.AddMinutes(5), signal.ExpiresAt);
    }

    [Fact]
    public void A_draft_reports_missing_fields_together_with_other_problems()
    {
        var result = new SignalDraft { SignalId = "ok", Symbol = "bad", EntryPrice = -1 }.ToSignal(DateTimeOffset.UnixEpoch);

        Assert.False(result.IsValid);
        Assert.Equal(
            ["source", "market", "side", "strength", "symbol", "entryPrice"],
            result.Problems.Select(p => p.Field));
        Assert.Contains("source is required.", result.Describe(), StringComparison.Ordinal);
    }
}
