using System.Globalization;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>Bad input never stops the executor and is never dropped silently: it goes to the topic's DLQ, and the next records run.</summary>
[Collection(ExecutionCollection.Name)]
public sealed class MalformedInputTests(KafkaClusterFixture kafka, RedisServerFixture redis, ExecutionSystemFixture fixture) : IClassFixture<ExecutionSystemFixture>, IAsyncLifetime
{
    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_malformed_command_goes_to_the_dead_letter_topic_and_the_next_commands_are_executed()
    {
        var (user, signal) = await UserAndSignalAsync("badcmd");
        var topic = _system.Topics.ExecutionCommands;
        var garbage = "{\"signalId\": \"" + signal.SignalId + "\", \"userId\": ";

        await _system.Inputs.RawAsync(topic, user.UserId, garbage, SchemaNames.ExecutionCommand);
        await _system.Inputs.CommandAsync(signal, user.UserId);
        var second = await PublishUnroutedAsync(signal.Symbol);
        await _system.Inputs.CommandAsync(second, user.UserId);

        await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        await _system.Outputs.UntilExecutionAsync(second.SignalId, user.UserId, ExecutionStatus.Executed);
        var dead = await UntilDeadLetterAsync(topic, r => r.Text == garbage);
        AssertPointsBackTo(dead, topic, user.UserId);
        Assert.Contains("ExecutionCommand", dead.Headers[RecordHeaders.Error], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_execution_request_goes_to_the_dead_letter_topic_and_the_next_request_is_executed()
    {
        var (user, signal) = await UserAndSignalAsync("badreq");
        var topic = _system.Topics.ExecutionRequests;
        var invalid = "{\"signalId\":\"" + signal.SignalId + "\",\"userId\":\"not a valid user id!\",\"requestedAt\":\"2025-11-02T10:30:00.000Z\"}";

        await _system.Inputs.RawAsync(topic, user.UserId, invalid, SchemaNames.ExecutionRequest);
        await _system.Inputs.RequestAsync(signal.SignalId, user.UserId);

        await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        var dead = await UntilDeadLetterAsync(topic, r => r.Text == invalid);
        AssertPointsBackTo(dead, topic, user.UserId);
        Assert.Contains("userId", dead.Headers[RecordHeaders.Error], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_whose_key_is_not_its_user_id_goes_to_the_dead_letter_topic_without_an_execution()
    {
        var (user, signal) = await UserAndSignalAsync("keyed");
        var (other, _) = await UserAndSignalAsync("victim");
        var topic = _system.Topics.ExecutionCommands;

        // Keyed by one user but naming another: it would land on the wrong partition, outside that user's dedup.
        await _system.Inputs.CommandAsync(signal, other.UserId, key: user.UserId);
        await _system.Inputs.CommandAsync(signal, user.UserId);

        await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        var dead = await UntilDeadLetterAsync(topic, r => r.Key == user.UserId && r.Text!.Contains(other.UserId, StringComparison.Ordinal));
        AssertPointsBackTo(dead, topic, user.UserId);
        Assert.Contains($"key '{user.UserId}' but userId '{other.UserId}'", dead.Headers[RecordHeaders.Error], StringComparison.Ordinal);
        Assert.Null(_system.Outputs.ExecutionOf(signal.SignalId, other.UserId));
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, other.UserId));
    }

    [Fact]
    public async Task A_request_without_a_value_goes_to_the_dead_letter_topic_and_the_next_request_is_executed()
    {
        var (user, signal) = await UserAndSignalAsync("tomb");
        var topic = _system.Topics.ExecutionRequests;
        var partition = new Confluent.Kafka.TopicPartition(topic, Murmur2Partitioner.PartitionFor(user.UserId, _system.Topics.PartitionsOf(topic)));

        await _system.Writer.WriteTombstoneAsync(partition, user.UserId, SchemaNames.ExecutionRequest);
        await _system.Inputs.RequestAsync(signal.SignalId, user.UserId);

        await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        var dead = await UntilDeadLetterAsync(topic, r => r.Key == user.UserId && r.Value is null);
        AssertPointsBackTo(dead, topic, user.UserId);
    }

    /// <summary>
    /// A user whose bot takes the signal, created only after the router fanned the signal out (to nobody), so that the
    /// commands this test writes are the only ones for the user.
    /// </summary>
    private async Task<(UserSettings User, Signal Signal)> UserAndSignalAsync(string stem)
    {
        var symbol = _system.NewSymbol();
        var signal = await PublishUnroutedAsync(symbol);
        var user = TestData.User(stem, symbol);
        await _system.Inputs.PutUserAsync(user);
        return (user, signal);
    }

    private async Task<Signal> PublishUnroutedAsync(string symbol)
    {
        var signal = TestData.Signal(symbol);
        await _system.Inputs.PublishSignalAsync(signal);
        await Eventually.UntilAsync(() => _system.RouterLogs.Contains($"Fanned out {signal.SignalId} "), "the router has fanned the signal out");
        return signal;
    }

    private async Task<TopicRecord> UntilDeadLetterAsync(string topic, Func<TopicRecord, bool> match)
    {
        TopicRecord? found = null;
        await Eventually.UntilAsync(() => (found = _system.Outputs.DeadLetters(topic).FirstOrDefault(match)) is not null, $"the record is on {topic}.dlq");
        return found!;
    }

    private static void AssertPointsBackTo(TopicRecord dead, string topic, string key)
    {
        Assert.Equal(key, dead.Key);
        Assert.Equal(topic, dead.Headers[RecordHeaders.SourceTopic]);
        Assert.Equal(Murmur2Partitioner.PartitionFor(key, 12).ToString(CultureInfo.InvariantCulture), dead.Headers[RecordHeaders.SourcePartition]);
        Assert.True(long.TryParse(dead.Headers[RecordHeaders.SourceOffset], CultureInfo.InvariantCulture, out _));
        Assert.False(string.IsNullOrWhiteSpace(dead.Headers[RecordHeaders.Error]));
    }
}
