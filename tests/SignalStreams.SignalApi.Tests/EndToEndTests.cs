using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>
/// Through the API only: onboard users, publish, let the router and executor trade on the paper exchange, then the
/// API's answers must agree with the orders the exchange holds.
/// </summary>
[Collection("kafka")]
public sealed class EndToEndTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task Users_onboarded_and_a_signal_published_through_the_api_execute_once_each_and_the_api_reports_exactly_those_orders()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        await using var pipeline = await PipelineHosts.StartExchangeAsync();
        string[] traders = ["e2e-u1", "e2e-u2", "e2e-u3"];
        foreach (var user in traders)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.Admin.PutAsJsonAsync($"/api/users/{user}/settings", TestData.Settings(user))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await api.Admin.PutAsJsonAsync("/api/users/e2e-off/settings", TestData.Settings("e2e-off", botEnabled: false))).StatusCode);
        await pipeline.StartRouterAsync(api);
        await pipeline.StartExecutorAsync(api, redis);

        Assert.Equal(HttpStatusCode.Accepted, (await api.Source.PostAsJsonAsync("/api/signals", TestData.SignalBody("e2e-sig"))).StatusCode);
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await api.Reader.GetAsync("/api/signals/e2e-sig/executions");
                return response.IsSuccessStatusCode && (await response.JsonAsync()).EnumerateArray().Count(e => e.GetProperty("status").GetString() != "pending") == traders.Length;
            },
            "every trader's execution is settled");

        var orders = pipeline.Paper.Orders.All().Where(o => traders.Any(u => o.ClientOrderId == ClientOrderIds.For("e2e-sig", u))).ToList();
        var stats = await (await api.Reader.GetAsync("/api/signals/e2e-sig/stats")).JsonAsync();
        var executed = stats.EnumerateArray().Single(r => r.GetProperty("status").GetString() == "executed");
        Assert.Equal(3, orders.Count);
        Assert.Equal(orders.Count, executed.GetProperty("count").GetInt32());
        Assert.Equal(1, stats.GetArrayLength());
        foreach (var user in traders)
        {
            var order = Assert.Single(orders, o => o.ClientOrderId == ClientOrderIds.For("e2e-sig", user));
            using var has = await api.Reader.GetAsync($"/api/signals/e2e-sig/executions/{user}");
            var record = await has.JsonAsync();
            Assert.Equal(HttpStatusCode.OK, has.StatusCode);
            Assert.Equal(("executed", order.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (record.GetProperty("status").GetString(), record.GetProperty("orderId").GetString()));
            Assert.Equal(order.ExecutedQuantity, record.GetProperty("quantity").GetDecimal());
            var page = await (await api.Reader.GetAsync($"/api/users/{user}/executions")).JsonAsync();
            var mine = Assert.Single(page.GetProperty("items").EnumerateArray());
            Assert.Equal(("e2e-sig", "executed"), (mine.GetProperty("signalId").GetString(), mine.GetProperty("status").GetString()));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.Reader.GetAsync("/api/signals/e2e-sig/executions/e2e-off")).StatusCode);
        Assert.Empty((await (await api.Reader.GetAsync("/api/users/e2e-off/executions")).JsonAsync()).GetProperty("items").EnumerateArray());
        var percentiles = await (await api.Reader.GetAsync("/api/signals/e2e-sig/stats/percentiles")).JsonAsync();
        Assert.Equal(3, percentiles.GetProperty("latency").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Executing_by_hand_twice_is_accepted_then_refused_with_409_and_the_exchange_holds_one_order()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        await using var pipeline = await PipelineHosts.StartExchangeAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.Admin.PutAsJsonAsync("/api/users/hand-u/settings", TestData.Settings("hand-u", botEnabled: false))).StatusCode);
        await pipeline.StartExecutorAsync(api, redis);
        Assert.Equal(HttpStatusCode.Accepted, (await api.Source.PostAsJsonAsync("/api/signals", TestData.SignalBody("hand-sig"))).StatusCode);
        await Eventually.UntilAsync(async () => (await api.Reader.GetAsync("/api/signals/hand-sig")).IsSuccessStatusCode, "the view has the signal");

        using var first = await api.Admin.PostAsJsonAsync("/api/users/hand-u/executions", new { signalId = "hand-sig" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var record = default(JsonElement);
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await api.Reader.GetAsync("/api/signals/hand-sig/executions/hand-u");
                record = response.IsSuccessStatusCode ? await response.JsonAsync() : default;
                return record.ValueKind == JsonValueKind.Object && record.GetProperty("status").GetString() == "executed";
            },
            "the manual execution is recorded as executed");
        using var second = await api.Admin.PostAsJsonAsync("/api/users/hand-u/executions", new { signalId = "hand-sig" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already executed", (await second.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var order = Assert.Single(pipeline.Paper.Orders.All(), o => o.ClientOrderId == ClientOrderIds.For("hand-sig", "hand-u"));
        Assert.Equal(order.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), record.GetProperty("orderId").GetString());
    }
}
