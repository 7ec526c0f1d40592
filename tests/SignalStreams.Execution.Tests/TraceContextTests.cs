using System.Diagnostics;
using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>A signal can be followed by its trace id from the publish, through the router, to the executor's log.</summary>
[Collection(ExecutionCollection.Name)]
public sealed class TraceContextTests(KafkaClusterFixture kafka, RedisServerFixture redis, ExecutionSystemFixture fixture) : IClassFixture<ExecutionSystemFixture>, IAsyncLifetime
{
    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_trace_id_set_when_publishing_a_signal_is_on_the_execution_command_and_in_the_executors_log_line()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("traced", symbol);
        var signal = TestData.Signal(symbol);
        await _system.Inputs.PutUserAsync(user);

        string traceId;
        using (var publish = new Activity("publish-signal").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            traceId = publish.TraceId.ToHexString();
            await _system.Inputs.PublishSignalAsync(signal);
        }

        await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);

        var command = Assert.Single(TopicReader.ReadAll(_system.Bootstrap, _system.Topics.ExecutionCommands), r => r.Key == user.UserId);
        Assert.Contains(traceId, command.Headers["traceparent"], StringComparison.Ordinal);
        // The record is durable before the executor logs it, so wait for the line rather than assume it.
        var executed = $"Executed {signal.SignalId} for {user.UserId}";
        await Eventually.UntilAsync(() => _system.ExecutorLogs.Contains(executed), "the executor logs the execution");
        var executedLine = Assert.Single(_system.ExecutorLogs.Lines, l => l.Contains(executed, StringComparison.Ordinal));
        Assert.Contains($"[trace {traceId}]", executedLine, StringComparison.Ordinal);
    }
}
