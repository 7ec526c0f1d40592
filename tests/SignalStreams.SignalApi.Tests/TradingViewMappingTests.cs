using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.SignalApi.Webhooks;
using SignalStreams.Testing;
using Xunit;
using AlertMapping = SignalStreams.SignalApi.Webhooks.TradingViewAlerts;

namespace SignalStreams.SignalApi.Tests;

/// <summary>How an alert maps to a signal, without a broker; and a source configured badly stops the start.</summary>
[Collection("kafka")]
public sealed class TradingViewMappingTests(KafkaClusterFixture kafka)
{
    private static readonly Dictionary<string, TradingViewSymbolOptions> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["XBTUSD.P"] = new TradingViewSymbolOptions { Symbol = "BTCUSDT", Market = "FUTURES" },
        ["ETHUSD"] = new TradingViewSymbolOptions { Symbol = "ETHUSDT" },
    };

    [Theory]
    [InlineData("BTCUSDT.P", "BTCUSDT", MarketType.Futures)]
    [InlineData("BINANCE:BTCUSDT.P", "BTCUSDT", MarketType.Futures)]
    [InlineData("btcusdt", "BTCUSDT", null)]
    [InlineData("xbtusd.p", "BTCUSDT", MarketType.Futures)]
    [InlineData("BITSTAMP:ETHUSD", "ETHUSDT", null)]
    public void Tickers_map_through_the_symbol_map_then_the_perpetual_suffix_then_as_they_are(string ticker, string symbol, MarketType? market)
    {
        Assert.Equal((symbol, market), AlertMapping.MapTicker(ticker, Map));
    }

    [Fact]
    public void The_signalId_is_the_same_for_one_alert_different_across_sources_and_within_the_contracts_rule_at_the_longest_source_id()
    {
        var longest = new string('s', 32);

        Assert.Equal(AlertMapping.SignalIdOf("alpha", "42-1700000000"), AlertMapping.SignalIdOf("alpha", "42-1700000000"));
        Assert.NotEqual(AlertMapping.SignalIdOf("alpha", "42"), AlertMapping.SignalIdOf("beta", "42"));
        Assert.NotEqual(AlertMapping.SignalIdOf("alpha", "42"), AlertMapping.SignalIdOf("alpha", "43"));
        Assert.True(SignalValidator.IsValidSignalId(AlertMapping.SignalIdOf(longest, new string('x', 256))));
    }

    [Fact]
    public void A_spot_alert_with_defaults_gets_the_sources_strength_and_five_minutes()
    {
        var now = new DateTimeOffset(2025, 11, 2, 10, 0, 0, 123, TimeSpan.Zero);
        var message = new TradingViewAlertMessage { Id = "1", Ticker = "ETHUSDT", Side = "SELL", Price = 3000.5m, Market = "spot" };

        var draft = AlertMapping.ToDraft("alpha", message, new TradingViewSourceOptions { Strength = "moderate" }, Map, now).Value!;

        Assert.Equal(("ETHUSDT", MarketType.Spot, OrderSide.Sell, SignalStrength.Moderate), (draft.Symbol, draft.Market!.Value, draft.Side!.Value, draft.Strength!.Value));
        Assert.Equal(now.AddMinutes(5), draft.ExpiresAt);
    }

    [Fact]
    public async Task A_source_with_a_short_secret_stops_the_start_naming_the_key_but_not_the_secret()
    {
        var settings = ApiHarness.BaseSettings(kafka, kafka.NewTopics(), Convert.ToBase64String(new byte[32]));
        settings["Webhooks:TradingView:Sources:alpha:Secret"] = "short-9f3k";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SignalApiApp.StartAsync(settings));

        Assert.Contains("Webhooks:TradingView:Sources:alpha:Secret is required: at least 16 characters", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-9f3k", error.Message, StringComparison.Ordinal);
    }
}
