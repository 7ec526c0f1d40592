using System.Text;

namespace SignalStreams.Contracts.Tests;

public sealed class UserSettingsFilterTests
{
    private static readonly Signal Signal = ContractJson.Deserialize(Encoding.UTF8.GetBytes(ContractExamples.Signal), ContractsJsonContext.Default.Signal);
    private static readonly UserSettings Settings = ContractJson.Deserialize(Encoding.UTF8.GetBytes(ContractExamples.UserSettings), ContractsJsonContext.Default.UserSettings);

    [Fact]
    public void A_matching_signal_is_admitted() => Assert.Null(Settings.RejectionReason(Signal));

    [Fact]
    public void A_disabled_bot_takes_nothing() =>
        Assert.Equal("bot_disabled", (Settings with { BotEnabled = false }).RejectionReason(Signal));

    [Fact]
    public void A_weaker_signal_than_min_strength_is_filtered() =>
        Assert.Equal("below_min_strength", Settings.RejectionReason(Signal with { Strength = SignalStrength.Moderate }));

    [Fact]
    public void A_signal_at_exactly_min_strength_is_admitted() =>
        Assert.Null(Settings.RejectionReason(Signal with { Strength = SignalStrength.Strong }));

    [Fact]
    public void An_unselected_symbol_or_market_is_filtered()
    {
        Assert.Equal("symbol_not_selected", Settings.RejectionReason(Signal with { Symbol = "SOLUSDT" }));
        Assert.Equal("market_not_selected", Settings.RejectionReason(Signal with { Market = MarketType.Spot }));
    }

    [Fact]
    public void Empty_symbol_and_market_lists_mean_everything() =>
        Assert.Null((Settings with { Symbols = [], Markets = null }).RejectionReason(Signal with { Symbol = "SOLUSDT", Market = MarketType.Spot }));
}
