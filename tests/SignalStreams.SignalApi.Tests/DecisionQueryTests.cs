using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>
/// Issue 15 through the API: a WEAK signal published and fanned out by the real router and executor; each user's
/// decision, the signal's decision pages and the counts by verdict and rule agree.
/// </summary>
[Collection("kafka")]
public sealed class DecisionQueryTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task Each_considered_user_can_read_why_and_the_signals_decision_counts_agree_with_its_decisions()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        await using var pipeline = await PipelineHosts.StartExchangeAsync();
        var users = new Dictionary<string, object>
        {
            ["d-strong"] = WithMinStrength(TestData.Settings("d-strong"), "STRONG"),
            ["d-off"] = TestData.Settings("d-off", botEnabled: false),
            ["d-trader-1"] = TestData.Settings("d-trader-1"),
            ["d-trader-2"] = TestData.Settings("d-trader-2"),
        };
        foreach (var (userId, settings) in users)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.Admin.PutAsJsonAsync($"/api/users/{userId}/settings", settings)).StatusCode);
        }

        await pipeline.StartRouterAsync(api);
        await pipeline.StartExecutorAsync(api, redis);
        Assert.Equal(HttpStatusCode.Accepted, (await api.Source.PostAsJsonAsync("/api/signals", WithStrength(TestData.SignalBody("d-sig"), "WEAK"))).StatusCode);
        foreach (var trader in new[] { "d-trader-1", "d-trader-2" })
        {
            await Eventually.UntilAsync(async () => (await DecisionAsync(api, "d-sig", trader))?.GetProperty("verdict").GetString() == "executed", $"{trader}'s decision is executed");
        }

        var strong = (await DecisionAsync(api, "d-sig", "d-strong"))!.Value;
        Assert.Equal(("filtered", "min-strength", "router"), (Text(strong, "verdict"), Text(strong, "rule"), Text(strong, "stage")));
        Assert.Equal(("WEAK", "STRONG"), (Text(strong.GetProperty("signal"), "strength"), Text(strong.GetProperty("settings"), "minStrength")));
        Assert.Equal("This signal is WEAK; your minimum is STRONG.", Text(strong, "reason"));
        Assert.Equal(("filtered", "bot-disabled"), (Text((await DecisionAsync(api, "d-sig", "d-off"))!.Value, "verdict"), Text((await DecisionAsync(api, "d-sig", "d-off"))!.Value, "rule")));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Reader.GetAsync("/api/signals/d-sig/executions/d-strong")).StatusCode);

        using var never = await api.Reader.GetAsync("/api/signals/d-sig/decisions/d-nobody");
        Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
        Assert.Contains("was never considered", Text(await never.JsonAsync(), "detail"), StringComparison.Ordinal);

        // Paged by userId, two at a time, then filtered by verdict and by rule.
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await api.Reader.GetAsync("/api/signals/d-sig/decisions?limit=2" + (cursor is null ? "" : "&cursor=" + cursor))).JsonAsync();
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(["d-off", "d-strong", "d-trader-1", "d-trader-2"], all.Select(d => Text(d, "userId")));
        Assert.Equal(["d-off", "d-strong"], await UsersAsync(api, "/api/signals/d-sig/decisions?verdict=filtered"));
        Assert.Equal(["d-strong"], await UsersAsync(api, "/api/signals/d-sig/decisions?rule=min-strength"));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Reader.GetAsync("/api/signals/d-sig/decisions?verdict=skipped")).StatusCode);

        var counts = await (await api.Reader.GetAsync("/api/signals/d-sig/stats/decisions")).JsonAsync();
        Assert.Equal(all.Count, counts.GetProperty("total").GetInt32());
        Assert.Equal(Count(all, "verdict"), Counted(counts.GetProperty("byVerdict")));
        Assert.Equal(Count(all, "rule"), Counted(counts.GetProperty("byRule")));
        Assert.Equal(2, counts.GetProperty("byVerdict").GetProperty("executed").GetInt32());
        var executed = (await (await api.Reader.GetAsync("/api/signals/d-sig/stats")).JsonAsync()).EnumerateArray().Single(r => Text(r, "status") == "executed");
        Assert.Equal(executed.GetProperty("count").GetInt32(), counts.GetProperty("byVerdict").GetProperty("executed").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Source.GetAsync("/api/signals/d-sig/decisions")).StatusCode);
    }

    [Fact]
    public async Task A_router_decision_written_again_after_a_later_executor_decision_does_not_hide_it()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        var fannedOut = DateTimeOffset.UtcNow.AddSeconds(-5);
        var filtered = ExecutionDecisions.NotExecuted(DecisionVerdict.Filtered, "bot-disabled", DecisionStage.Router, ExecutionTrigger.Fanout, "late-sig", "late-user", null, null, fannedOut);
        var refused = ExecutionDecisions.Duplicate("late-sig", "late-user", ExecutionStatus.Executed, ExecutionTrigger.Manual, null, null, fannedOut.AddSeconds(3));
        var decisions = api.Topics.ExecutionDecisions;
        var partition = new Confluent.Kafka.TopicPartition(decisions, Murmur2Partitioner.PartitionFor("late-user", api.Topics.PartitionsOf(decisions)));

        // The router's decision, the executor's later one, then the router's again (a restarted router finishing its
        // fan-out's decisions): the pair's decision stays the executor's.
        foreach (var decision in new[] { filtered, refused, filtered })
        {
            await api.Writer.WriteAsync(partition, decision.Key, decision, ContractsJsonContext.Default.ExecutionDecisionRecord, SchemaNames.ExecutionDecision);
        }

        var marker = ExecutionDecisions.NotExecuted(DecisionVerdict.Filtered, "bot-disabled", DecisionStage.Router, ExecutionTrigger.Fanout, "late-sig", "marker-user", null, null, fannedOut);
        await api.Writer.WriteAsync(new Confluent.Kafka.TopicPartition(decisions, partition.Partition), marker.Key, marker, ContractsJsonContext.Default.ExecutionDecisionRecord, SchemaNames.ExecutionDecision);
        await Eventually.UntilAsync(async () => await DecisionAsync(api, "late-sig", "marker-user") is not null, "the view has read past the late record");

        var latest = (await DecisionAsync(api, "late-sig", "late-user"))!.Value;
        Assert.Equal(("duplicate-refused", "executor"), (Text(latest, "verdict"), Text(latest, "stage")));
    }

    private static async Task<JsonElement?> DecisionAsync(ApiHarness api, string signalId, string userId)
    {
        using var response = await api.Reader.GetAsync($"/api/signals/{signalId}/decisions/{userId}");
        return response.IsSuccessStatusCode ? await response.JsonAsync() : null;
    }

    private static async Task<string[]> UsersAsync(ApiHarness api, string path) =>
        (await (await api.Reader.GetAsync(path)).JsonAsync()).GetProperty("items").EnumerateArray().Select(d => Text(d, "userId")).ToArray();

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private static Dictionary<string, int> Count(IEnumerable<JsonElement> decisions, string field) =>
        decisions.GroupBy(d => Text(d, field), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static Dictionary<string, int> Counted(JsonElement counts) =>
        counts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);

    private static JsonElement WithMinStrength(object settings, string minStrength) => With(settings, "minStrength", minStrength);

    private static JsonElement WithStrength(object body, string strength) => With(body, "strength", strength);

    private static JsonElement With(object value, string field, string text)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(value))!.AsObject();
        node[field] = text;
        return JsonSerializer.SerializeToElement(node);
    }
}
