using System.Net;
using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>Stats, percentiles, per-user paging and the MT5 view, from records seeded on the topics.</summary>
[Collection("kafka")]
public sealed class QueryTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task Stats_have_one_row_per_status_present_with_averages_and_percentiles_of_the_executed()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        await api.WriteAsync(TestData.Signal("q-1"));
        await api.WriteAsync(TestData.Execution("q-1", "u-1", ExecutionStatus.Executed, TestData.T0, slippage: 0.10m, latency: 100));
        await api.WriteAsync(TestData.Execution("q-1", "u-2", ExecutionStatus.Executed, TestData.T0, slippage: 0.20m, latency: 200));
        await api.WriteAsync(TestData.Execution("q-1", "u-3", ExecutionStatus.Executed, TestData.T0, slippage: -0.30m, latency: 600));
        await api.WriteAsync(TestData.Execution("q-1", "u-4", ExecutionStatus.Failed, TestData.T0));
        await api.WriteAsync(TestData.Execution("q-other", "u-1", ExecutionStatus.Executed, TestData.T0, slippage: 9m, latency: 9));
        await Eventually.UntilAsync(
            async () =>
            {
                // 404 until the signals view has q-1: the signals and signal-executions views follow their topics
                // independently, so the executions may arrive first (with librdkafka 2.16 they often do).
                using var response = await api.Reader.GetAsync("/api/signals/q-1/executions");
                return response.IsSuccessStatusCode && (await response.JsonAsync()).GetArrayLength() == 4;
            },
            "the view has the signal and its four records");

        var stats = await (await api.Reader.GetAsync("/api/signals/q-1/stats")).JsonAsync();
        var percentiles = await (await api.Reader.GetAsync("/api/signals/q-1/stats/percentiles")).JsonAsync();

        Assert.Equal(2, stats.GetArrayLength());
        var executed = stats.EnumerateArray().Single(r => r.GetProperty("status").GetString() == "executed");
        Assert.Equal((3, 0.0m, 300m), (executed.GetProperty("count").GetInt32(), executed.GetProperty("avgSlippage").GetDecimal(), executed.GetProperty("avgLatency").GetDecimal()));
        var failed = stats.EnumerateArray().Single(r => r.GetProperty("status").GetString() == "failed");
        Assert.Equal((1, JsonValueKind.Null), (failed.GetProperty("count").GetInt32(), failed.GetProperty("avgSlippage").ValueKind));
        Assert.Equal(3, percentiles.GetProperty("executed").GetInt32());
        var latency = percentiles.GetProperty("latency");
        Assert.Equal((100m, 200m, 600m, 600m), (latency.GetProperty("min").GetDecimal(), latency.GetProperty("p50").GetDecimal(), latency.GetProperty("p99").GetDecimal(), latency.GetProperty("max").GetDecimal()));
        Assert.Equal(0.10m, percentiles.GetProperty("slippage").GetProperty("p50").GetDecimal());
    }

    [Fact]
    public async Task A_users_executions_come_newest_first_in_pages_that_cover_every_record_once()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        for (var i = 0; i < 7; i++)
        {
            var status = i % 3 == 0 ? ExecutionStatus.Failed : ExecutionStatus.Executed;
            await api.WriteAsync(TestData.Execution($"p-{i}", "pager", status, TestData.T0.AddMinutes(i % 4)));
        }

        await api.WriteAsync(TestData.Execution("p-0", "someone-else", ExecutionStatus.Executed, TestData.T0));
        await Eventually.UntilAsync(async () => (await (await api.Reader.GetAsync("/api/users/pager/executions")).JsonAsync()).GetProperty("items").GetArrayLength() == 7, "the view has the seven records");

        var seen = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await api.Reader.GetAsync($"/api/users/pager/executions?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}")).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"p-{i}").Order(), seen.Select(e => e.GetProperty("signalId").GetString()!).Order());
        var created = seen.Select(e => e.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        Assert.Equal(created.OrderDescending(), created);
        var failed = await (await api.Reader.GetAsync("/api/users/pager/executions?status=failed")).JsonAsync();
        Assert.Equal(["p-0", "p-3", "p-6"], failed.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("signalId").GetString()!).Order());
    }

    [Fact]
    public async Task A_signals_stats_count_its_followers_open_and_closed_positions_and_sum_their_realized_pnl()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        await api.WriteAsync(TestData.Signal("pnl-1"));
        foreach (var user in new[] { "f-1", "f-2", "f-3" })
        {
            await api.WriteAsync(TestData.Execution("pnl-1", user, ExecutionStatus.Executed, TestData.T0, slippage: 0.1m, latency: 100));
        }

        await api.WriteAsync(TestData.Position("pnl-1", "f-1", TestData.T0, exitPrice: 69000m));                                   // +10
        await api.WriteAsync(TestData.Position("pnl-1", "f-2", TestData.T0, exitPrice: 67500m, reason: PositionCloseReason.StopLoss)); // -5
        await api.WriteAsync(TestData.Position("pnl-1", "f-3", TestData.T0));
        await api.WriteAsync(TestData.Position("pnl-other", "f-1", TestData.T0, exitPrice: 90000m));
        await Eventually.UntilAsync(
            async () => (await (await api.Reader.GetAsync("/api/signals/pnl-1/stats")).JsonAsync()) is { ValueKind: JsonValueKind.Array } rows
                && rows.EnumerateArray().Any(r => Count(r, "positionsClosed") == 2 && Count(r, "positionsOpen") == 1),
            "the stats count the three positions");

        var executed = (await (await api.Reader.GetAsync("/api/signals/pnl-1/stats")).JsonAsync()).EnumerateArray().Single();
        Assert.Equal("executed", executed.GetProperty("status").GetString());
        Assert.Equal((3, 1, 2), (executed.GetProperty("count").GetInt32(), executed.GetProperty("positionsOpen").GetInt32(), executed.GetProperty("positionsClosed").GetInt32()));
        Assert.Equal((5m, 2.5m), (executed.GetProperty("realizedPnlSum").GetDecimal(), executed.GetProperty("realizedPnlAvg").GetDecimal()));

        static int? Count(JsonElement row, string name) =>
            row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
    }

    [Fact]
    public async Task A_users_positions_come_newest_first_filtered_by_status_and_one_is_found_by_its_id()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        for (var i = 0; i < 5; i++)
        {
            await api.WriteAsync(TestData.Position($"pos-{i}", "holder", TestData.T0.AddMinutes(i), exitPrice: i % 2 == 0 ? 68100m : null));
        }

        await api.WriteAsync(TestData.Position("pos-0", "someone-else", TestData.T0));
        await Eventually.UntilAsync(async () => (await (await api.Reader.GetAsync("/api/users/holder/positions")).JsonAsync()).GetProperty("items").GetArrayLength() == 5, "the view has the five positions");

        var first = await (await api.Reader.GetAsync("/api/users/holder/positions?limit=2")).JsonAsync();
        var second = await (await api.Reader.GetAsync("/api/users/holder/positions?limit=2&cursor=" + first.GetProperty("nextCursor").GetString())).JsonAsync();
        Assert.Equal(["pos-4", "pos-3", "pos-2", "pos-1"], first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(p => p.GetProperty("signalId").GetString()!));
        var open = await (await api.Reader.GetAsync("/api/users/holder/positions?status=OPEN")).JsonAsync();
        Assert.Equal(["pos-3", "pos-1"], open.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("signalId").GetString()!));
        var closed = await (await api.Reader.GetAsync("/api/users/holder/positions?status=CLOSED")).JsonAsync();
        Assert.All(closed.GetProperty("items").EnumerateArray(), p => Assert.Equal(("CLOSED", 1m), (p.GetProperty("status").GetString(), p.GetProperty("realizedPnl").GetDecimal())));

        using var one = await api.Reader.GetAsync("/api/users/holder/positions/holder:o-pos-2");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal("source-closed", (await one.JsonAsync()).GetProperty("closeReason").GetString());
        using var missing = await api.Reader.GetAsync("/api/users/holder/positions/holder:o-nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var badStatus = await api.Reader.GetAsync("/api/users/holder/positions?status=HALF");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Fact]
    public async Task An_mt5_position_shows_its_signal_mapping_and_telegram_message()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        var mapping = new Mt5SignalMapping { AccountId = "acc-1", PositionId = "250999390", SignalId = "mt5-acc-1-250999390", Pair = "BTCUSDT", Status = MappingStatus.Completed, CreatedAt = TestData.T0, UpdatedAt = TestData.T0 };
        var telegram = new TelegramMapping { AccountId = "acc-1", PositionId = "250999390", SignalId = mapping.SignalId, ChatId = "-100123", MessageId = 77, Status = TelegramDeliveryStatus.Sent, SentAt = TestData.T0, UpdatedAt = TestData.T0 };
        await api.Writer.WriteAsync(api.Topics.Mt5SignalMappings, mapping.Key, mapping, ContractsJsonContext.Default.Mt5SignalMapping, SchemaNames.Mt5SignalMapping);
        await api.Writer.WriteAsync(api.Topics.TelegramMappings, telegram.Key, telegram, ContractsJsonContext.Default.TelegramMapping, SchemaNames.TelegramMapping);

        var view = default(JsonElement);
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await api.Reader.GetAsync("/api/mt5/positions/acc-1/250999390");
                view = response.StatusCode == HttpStatusCode.OK ? await response.JsonAsync() : default;
                return view.ValueKind == JsonValueKind.Object && view.GetProperty("mapping").ValueKind == JsonValueKind.Object && view.GetProperty("telegram").ValueKind == JsonValueKind.Object;
            },
            "the view has the position's mapping and message");

        Assert.Equal("mt5-acc-1-250999390", view.GetProperty("mapping").GetProperty("signalId").GetString());
        Assert.Equal("completed", view.GetProperty("mapping").GetProperty("status").GetString());
        Assert.Equal(77, view.GetProperty("telegram").GetProperty("messageId").GetInt64());
        Assert.Equal("sent", view.GetProperty("telegram").GetProperty("status").GetString());
    }
}
