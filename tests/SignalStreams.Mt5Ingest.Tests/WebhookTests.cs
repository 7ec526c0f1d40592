using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

[Collection("kafka")]
public sealed class WebhookTests(KafkaClusterFixture kafka, RedisServerFixture redis) : IAsyncLifetime
{
    private readonly TopicNames _topics = kafka.NewTopics();
    private FakeTelegramServer _telegram = null!;
    private IngestInstance _ingest = null!;

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegramServer.StartAsync();
        _ingest = await IngestInstance.StartAsync(IngestInstance.Settings(kafka, redis, _telegram, _topics.Prefix, kafka.NewName("mt5")));
    }

    public async Task DisposeAsync()
    {
        await _ingest.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task Signed_batch_is_accepted_and_every_event_lands_on_the_topic_keyed_by_position()
    {
        var events = new[] { PositionEvents.Updated("acc-1", "p1"), PositionEvents.Updated("acc-1", "p2") };

        var response = await _ingest.PostAsync(PositionEvents.Json(events));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var records = TopicReader.ReadAll(kafka.BootstrapServers, _topics.Mt5PositionEvents);
        Assert.Equal(["acc-1:p1", "acc-1:p2"], records.Select(r => r.Key).Order());
        Assert.All(records, r => Assert.Equal(SchemaNames.PositionEvent, r.Headers["schema"]));
    }

    [Fact]
    public async Task Wrong_secret_missing_header_and_garbled_signature_are_refused_with_401_and_nothing_is_produced()
    {
        var json = PositionEvents.Json(PositionEvents.Updated("acc-1", "p1"));

        var wrongSecret = await _ingest.PostAsync(json, secret: "not-the-secret");
        var missing = await _ingest.PostAsync(json, signature: "");
        var garbled = await _ingest.PostAsync(json, signature: "t=abc,v1=zz");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, garbled.StatusCode);
        Assert.Equal("application/problem+json", wrongSecret.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(IngestInstance.Secret, await wrongSecret.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(TopicReader.ReadAll(kafka.BootstrapServers, _topics.Mt5PositionEvents));
    }

    [Fact]
    public async Task Timestamp_more_than_300_seconds_away_is_refused_with_401()
    {
        var json = PositionEvents.Json(PositionEvents.Updated("acc-1", "p1"));

        var stale = await _ingest.PostAsync(json, signedAt: DateTimeOffset.UtcNow.AddSeconds(-301));
        var future = await _ingest.PostAsync(json, signedAt: DateTimeOffset.UtcNow.AddSeconds(301));

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, future.StatusCode);
        Assert.Empty(TopicReader.ReadAll(kafka.BootstrapServers, _topics.Mt5PositionEvents));
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_400_problem()
    {
        var response = await _ingest.PostAsync("{\"eventId\": \"evt-1\", ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("not valid JSON", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_events_are_refused_with_400_listing_every_problem_and_the_valid_ones_are_not_produced()
    {
        var good = PositionEvents.Updated("acc-1", "p1");
        var bad = good with { AccountId = "bad account!", Volume = 0, OpenPrice = -1 };

        var response = await _ingest.PostAsync(PositionEvents.Json([good, bad]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("events[1]:", e, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("accountId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("volume", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("openPrice", StringComparison.Ordinal));
        Assert.Empty(TopicReader.ReadAll(kafka.BootstrapServers, _topics.Mt5PositionEvents));
    }

    [Fact]
    public async Task Malformed_record_put_straight_on_the_topic_goes_to_the_dlq_and_processing_continues()
    {
        using (var producer = new ProducerBuilder<string, byte[]>(kafka.ClientFactory(_topics.Prefix).ProducerConfig("test")).Build())
        {
            await producer.ProduceAsync(_topics.Mt5PositionEvents, new Message<string, byte[]> { Key = "acc-1:broken", Value = "{not json"u8.ToArray() });
        }

        var response = await _ingest.PostAsync(PositionEvents.Json(PositionEvents.Updated("acc-1", "after-broken")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var state = new TopicState(kafka.BootstrapServers, _topics);
        await Eventually.UntilAsync(() => state.DeadLetters().Count == 1 && _telegram.Messages.Count == 1, "the broken record is dead-lettered and the next position is messaged");
        var dead = state.DeadLetters().Single();
        Assert.Equal("acc-1:broken", dead.Key);
        Assert.Equal(_topics.Mt5PositionEvents, dead.Headers["source-topic"]);
        Assert.Contains("not a valid PositionEvent", dead.Headers["error"], StringComparison.Ordinal);
    }
}
