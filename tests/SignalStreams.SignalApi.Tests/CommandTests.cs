using System.Net;
using System.Net.Http.Json;
using SignalStreams.Contracts;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>What the writing endpoints put on Kafka, and the manual-execution answers 202 / 409 / 410.</summary>
[Collection("kafka")]
public sealed class CommandTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task A_published_signal_gets_its_defaults_and_can_be_read_then_cancelled()
    {
        await using var api = await ApiHarness.StartAsync(kafka);

        using var published = await api.Source.PostAsJsonAsync("/api/signals", TestData.SignalBody("pub-1"));
        Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
        Assert.Equal("pub-1", (await published.JsonAsync()).GetProperty("signalId").GetString());
        await Eventually.UntilAsync(async () => (await api.Reader.GetAsync("/api/signals/pub-1")).IsSuccessStatusCode, "the view has the signal");
        var signal = await (await api.Reader.GetAsync("/api/signals/pub-1")).JsonAsync();
        Assert.Equal("ACTIVE", signal.GetProperty("status").GetString());
        var lifetime = signal.GetProperty("expiresAt").GetDateTimeOffset() - signal.GetProperty("createdAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromMinutes(5), lifetime);

        using var cancelled = await api.Source.PostAsync("/api/signals/pub-1/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        await Eventually.UntilAsync(
            async () => (await (await api.Reader.GetAsync("/api/signals/pub-1")).JsonAsync()).GetProperty("status").GetString() == "CANCELLED",
            "the view shows the signal cancelled");
        var onTopic = TopicReader.Of(kafka.BootstrapServers, api.Topics.Signals).LatestByKey()["pub-1"];
        Assert.Equal(SignalStatus.Cancelled, onTopic.As(ContractsJsonContext.Default.Signal).Status);
        Assert.Equal(SchemaNames.Signal, onTopic.Headers[SchemaNames.HeaderName]);
    }

    [Fact]
    public async Task Settings_take_the_users_id_from_the_path_and_land_on_user_settings()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        var body = new { botEnabled = true, sizing = new { mode = "PERCENT_BALANCE", value = 2.5 }, paperTrading = true };

        using var response = await api.Admin.PutAsJsonAsync("/api/users/u-42/settings", body);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("u-42", (await response.JsonAsync()).GetProperty("userId").GetString());
        var record = Assert.Single(TopicReader.ReadAll(kafka.BootstrapServers, api.Topics.UserSettings));
        Assert.Equal("u-42", record.Key);
        var settings = record.As(ContractsJsonContext.Default.UserSettings);
        Assert.Equal((SizingMode.PercentBalance, 2.5m, true), (settings.Sizing.Mode, settings.Sizing.Value, settings.PaperTrading));
    }

    [Fact]
    public async Task Manual_execution_is_accepted_once_refused_when_already_executed_and_gone_when_cancelled_or_expired()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        await api.WriteAsync(TestData.Signal("m-active"));
        await api.WriteAsync(TestData.Signal("m-cancelled", SignalStatus.Cancelled));
        await api.WriteAsync(TestData.Signal("m-old", expiresAt: DateTimeOffset.UtcNow.AddSeconds(-1)) with { CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-10) });
        await api.WriteAsync(TestData.Signal("m-done"));
        await api.WriteAsync(TestData.Execution("m-done", "u-1", ExecutionStatus.Executed, DateTimeOffset.UtcNow));
        await Eventually.UntilAsync(async () => (await api.Reader.GetAsync("/api/signals/m-done/executions/u-1")).IsSuccessStatusCode, "the views have the seeded records");

        using var accepted = await api.Admin.PostAsJsonAsync("/api/users/u-1/executions", new { signalId = "m-active" });
        using var conflict = await api.Admin.PostAsJsonAsync("/api/users/u-1/executions", new { signalId = "m-done" });
        using var cancelled = await api.Admin.PostAsJsonAsync("/api/users/u-1/executions", new { signalId = "m-cancelled" });
        using var expired = await api.Admin.PostAsJsonAsync("/api/users/u-1/executions", new { signalId = "m-old" });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("already executed", (await conflict.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        var request = Assert.Single(TopicReader.ReadAll(kafka.BootstrapServers, api.Topics.ExecutionRequests));
        Assert.Equal("u-1", request.Key);
        Assert.Equal(("m-active", "u-1"), (request.As(ContractsJsonContext.Default.ExecutionRequest).SignalId, request.As(ContractsJsonContext.Default.ExecutionRequest).UserId));
    }

    [Fact]
    public async Task A_source_closes_its_signal_after_cancelling_it_closing_again_publishes_nothing_and_an_unknown_one_is_404()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        using var published = await api.Source.PostAsJsonAsync("/api/signals", TestData.SignalBody("close-1"));
        using var cancelled = await api.Source.PostAsync("/api/signals/close-1/cancel", null);
        await Eventually.UntilAsync(
            async () => (await api.Reader.GetAsync("/api/signals/close-1")) is { IsSuccessStatusCode: true } r && (await r.JsonAsync()).GetProperty("status").GetString() == "CANCELLED",
            "the view shows the signal cancelled");

        using var closed = await api.Source.PostAsync("/api/signals/close-1/close", null);
        await Eventually.UntilAsync(
            async () => (await (await api.Reader.GetAsync("/api/signals/close-1")).JsonAsync()).GetProperty("status").GetString() == "CLOSED",
            "the view shows the signal closed");
        using var closedAgain = await api.Source.PostAsync("/api/signals/close-1/close", null);
        using var unknown = await api.Source.PostAsync("/api/signals/never-published/close", null);
        using var asReader = await api.Reader.PostAsync("/api/signals/close-1/close", null);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted), (published.StatusCode, cancelled.StatusCode, closed.StatusCode, closedAgain.StatusCode));
        Assert.Equal("CLOSED", (await closed.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.Forbidden), (unknown.StatusCode, asReader.StatusCode));
        var versions = TopicReader.ReadAll(kafka.BootstrapServers, api.Topics.Signals).Where(r => r.Key == "close-1").Select(r => r.As(ContractsJsonContext.Default.Signal).Status);
        Assert.Equal([SignalStatus.Active, SignalStatus.Cancelled, SignalStatus.Closed], versions);
    }

    [Fact]
    public async Task A_position_close_request_is_written_for_an_open_position_and_refused_for_a_closed_or_unknown_one()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        var open = TestData.Position("pc-1", "u-7", TestData.T0);
        var closed = TestData.Position("pc-2", "u-7", TestData.T0, exitPrice: 68100m);
        await api.WriteAsync(open);
        await api.WriteAsync(closed);
        await Eventually.UntilAsync(async () => (await (await api.Reader.GetAsync("/api/users/u-7/positions")).JsonAsync()).GetProperty("items").GetArrayLength() == 2, "the view has both positions");

        using var accepted = await api.Admin.PostAsync($"/api/users/u-7/positions/{open.PositionId}/close", null);
        using var already = await api.Admin.PostAsync($"/api/users/u-7/positions/{closed.PositionId}/close", null);
        using var unknown = await api.Admin.PostAsync("/api/users/u-7/positions/u-7:o-none/close", null);
        using var otherUser = await api.Admin.PostAsync($"/api/users/u-8/positions/{open.PositionId}/close", null);
        using var invalid = await api.Admin.PostAsync("/api/users/u-7/positions/bad%20id/close", null);
        using var asReader = await api.Reader.PostAsync($"/api/users/u-7/positions/{open.PositionId}/close", null);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(open.PositionId, (await accepted.JsonAsync()).GetProperty("positionId").GetString());
        Assert.Equal(HttpStatusCode.Conflict, already.StatusCode);
        Assert.Contains("already closed", (await already.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden), (unknown.StatusCode, otherUser.StatusCode, invalid.StatusCode, asReader.StatusCode));
        var request = Assert.Single(TopicReader.ReadAll(kafka.BootstrapServers, api.Topics.ExecutionRequests));
        Assert.Equal("u-7", request.Key);
        Assert.Equal(SchemaNames.PositionCloseRequest, request.Headers[SchemaNames.HeaderName]);
        var body = request.As(ContractsJsonContext.Default.PositionCloseRequest);
        Assert.Equal(("u-7", open.PositionId, "admin"), (body.UserId, body.PositionId, body.RequestedBy));
    }
}
