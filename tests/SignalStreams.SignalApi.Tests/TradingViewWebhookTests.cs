using System.Net.Http.Json;
using SignalStreams.Contracts;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>
/// The TradingView webhook as TradingView uses it: no bearer token, the secret inside the alert message. A valid alert
/// becomes one signal that the router and executor carry to the eligible followers' orders at the paper exchange.
/// </summary>
[Collection("kafka")]
public sealed class TradingViewWebhookTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task A_TradingView_alert_becomes_one_signal_executed_by_the_eligible_followers_and_a_second_delivery_changes_nothing()
    {
        await using var api = await ApiHarness.StartAsync(kafka, TradingViewAlerts.Settings());
        await using var pipeline = await PipelineHosts.StartExchangeAsync();
        string[] followers = ["tv-u1", "tv-u2"];
        foreach (var user in followers)
        {
            await api.Admin.PutAsJsonAsync($"/api/users/{user}/settings", TestData.Settings(user));
        }

        await api.Admin.PutAsJsonAsync("/api/users/tv-off/settings", TestData.Settings("tv-off", botEnabled: false));
        await api.Admin.PutAsJsonAsync("/api/users/tv-spot/settings", new { userId = "tv-spot", email = "s@example.com", botEnabled = true, minStrength = "WEAK", markets = new[] { "SPOT" }, sizing = new { mode = "FIXED_QUOTE", value = 100 }, paperTrading = true });
        await pipeline.StartRouterAsync(api);
        await pipeline.StartExecutorAsync(api, redis);

        var message = TradingViewAlerts.Message("4711-2025-11-02T10:00:00Z");
        var first = await TradingViewAlerts.SendAsync(api, message);

        Assert.Equal(202, first.Status);
        var answer = TradingViewAlerts.Json(first.Body);
        var signalId = answer.GetProperty("signalId").GetString()!;
        Assert.False(answer.GetProperty("duplicate").GetBoolean());
        Assert.Matches("^tv-alpha-[0-9a-f]{24}$", signalId);
        var signal = Assert.Single(TradingViewAlerts.SignalRecords(api, signalId)).As(ContractsJsonContext.Default.Signal);
        Assert.Equal(("BTCUSDT", MarketType.Futures, OrderSide.Buy, SignalStrength.Strong), (signal.Symbol, signal.Market, signal.Side, signal.Strength));
        Assert.Equal((68000.5m, 67000m, 70000m, 5), (signal.EntryPrice, signal.StopLoss!.Value, signal.TakeProfit!.Value, signal.Leverage!.Value));
        Assert.Equal(("tradingview:alpha", "tradingview", SignalStatus.Active), (signal.Source, signal.Origin!.Kind, signal.Status));
        await Eventually.UntilAsync(
            () => followers.All(u => pipeline.Paper.Orders.All().Any(o => o.ClientOrderId == ClientOrderIds.For(signalId, u))),
            "every eligible follower has an order for the alert's signal");

        var second = await TradingViewAlerts.SendAsync(api, message);

        Assert.Equal(202, second.Status);
        Assert.Equal(signalId, TradingViewAlerts.Json(second.Body).GetProperty("signalId").GetString());
        Assert.True(TradingViewAlerts.Json(second.Body).GetProperty("duplicate").GetBoolean());
        Assert.Single(TradingViewAlerts.SignalRecords(api, signalId));
        await Eventually.UntilAsync(
            async () => (await api.Reader.GetAsync($"/api/signals/{signalId}/executions")).IsSuccessStatusCode
                && (await (await api.Reader.GetAsync($"/api/signals/{signalId}/executions")).JsonAsync()).EnumerateArray().Count(e => e.GetProperty("status").GetString() == "executed") == followers.Length,
            "both followers' executions are recorded as executed");
        var orders = pipeline.Paper.Orders.All().Where(o => o.ClientOrderId.StartsWith("ss-", StringComparison.Ordinal) && new[] { "tv-u1", "tv-u2", "tv-off", "tv-spot" }.Any(u => o.ClientOrderId == ClientOrderIds.For(signalId, u))).ToList();
        Assert.Equal(followers.Length, orders.Count);
        Assert.Equal(followers.Select(u => ClientOrderIds.For(signalId, u)).Order(), orders.Select(o => o.ClientOrderId).Order());
    }

    [Fact]
    public async Task A_wrong_missing_or_unknown_secret_is_401_and_nothing_reaches_signals()
    {
        await using var api = await ApiHarness.StartAsync(kafka, TradingViewAlerts.Settings());

        var wrong = await TradingViewAlerts.SendAsync(api, TradingViewAlerts.Message("w-1", secret: TradingViewAlerts.Secret + "x"));
        var missing = await TradingViewAlerts.SendAsync(api, """{"id":"w-2","ticker":"BTCUSDT","side":"buy","price":68000}""");
        var unknownSource = await TradingViewAlerts.SendAsync(api, TradingViewAlerts.Message("w-3"), source: "nobody");

        Assert.Equal((401, 401, 401), (wrong.Status, missing.Status, unknownSource.Status));
        Assert.Contains("secret", TradingViewAlerts.Json(wrong.Body).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(TopicReader.ReadAll(kafka.BootstrapServers, api.Topics.Signals));
    }

    [Fact]
    public async Task A_plain_text_message_is_400_with_a_sentence_and_invalid_fields_are_listed()
    {
        await using var api = await ApiHarness.StartAsync(kafka, TradingViewAlerts.Settings());

        var text = await TradingViewAlerts.SendAsync(api, "BTCUSDT buy at 68000", "text/plain");
        var fields = await TradingViewAlerts.SendAsync(api, TradingViewAlerts.Message("bad-1", ticker: "BTC/USDT", side: "hold"));

        Assert.Equal(400, text.Status);
        Assert.Contains("not a JSON object", TradingViewAlerts.Json(text.Body).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, fields.Status);
        Assert.Equal(["side", "ticker"], TradingViewAlerts.Json(fields.Body).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Empty(TopicReader.ReadAll(kafka.BootstrapServers, api.Topics.Signals));
    }

    [Fact]
    public async Task Cancel_then_close_of_the_alert_with_the_same_id_cancel_and_then_close_its_signal_once()
    {
        await using var api = await ApiHarness.StartAsync(kafka, TradingViewAlerts.Settings());
        var opened = await TradingViewAlerts.SendAsync(api, TradingViewAlerts.Message("pos-7"));
        var signalId = TradingViewAlerts.Json(opened.Body).GetProperty("signalId").GetString()!;

        var cancel = await TradingViewAlerts.SendAsync(api, TradingViewAlerts.Message("pos-7", action: "CANCEL"));
        var close = await TradingViewAlerts.SendAsync(api, TradingViewAlerts.Message("pos-7", action: "close"));
        var closeAgain = await TradingViewAlerts.SendAsync(api, TradingViewAlerts.Message("pos-7", action: "close"));
        var cancelUnknown = await TradingViewAlerts.SendAsync(api, TradingViewAlerts.Message("never-sent", action: "cancel"));
        var closeUnknown = await TradingViewAlerts.SendAsync(api, TradingViewAlerts.Message("never-sent", action: "close"));

        Assert.Equal((202, 202, 202, 202, 404, 404), (opened.Status, cancel.Status, close.Status, closeAgain.Status, cancelUnknown.Status, closeUnknown.Status));
        Assert.Equal("CLOSED", TradingViewAlerts.Json(close.Body).GetProperty("status").GetString());
        Assert.False(TradingViewAlerts.Json(close.Body).GetProperty("duplicate").GetBoolean());
        Assert.True(TradingViewAlerts.Json(closeAgain.Body).GetProperty("duplicate").GetBoolean());
        var versions = TradingViewAlerts.SignalRecords(api, signalId).Select(r => r.As(ContractsJsonContext.Default.Signal).Status).ToList();
        Assert.Equal([SignalStatus.Active, SignalStatus.Cancelled, SignalStatus.Closed], versions);
    }

    [Fact]
    public async Task A_source_over_its_rate_limit_gets_429_with_Retry_After_and_its_extra_alert_is_not_published()
    {
        await using var api = await ApiHarness.StartAsync(kafka, TradingViewAlerts.Settings(permitsPerMinute: 1, burst: 2));

        var answers = new List<(int Status, string Body, string Headers)>();
        foreach (var id in new[] { "rl-1", "rl-2", "rl-3" })
        {
            answers.Add(await TradingViewAlerts.SendAsync(api, TradingViewAlerts.Message(id)));
        }

        Assert.Equal([202, 202, 429], answers.Select(a => a.Status));
        Assert.Contains("Retry-After:", answers[2].Headers, StringComparison.Ordinal);
        Assert.Equal(2, TopicReader.ReadAll(kafka.BootstrapServers, api.Topics.Signals).Count);
    }
}
