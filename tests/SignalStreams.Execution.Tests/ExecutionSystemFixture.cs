using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// One router + executor + paper exchange per test class, started by the first test (class fixtures cannot take the
/// collection's Kafka and Redis fixtures in their constructor) and stopped after the class. Tests stay independent
/// through their own symbol, users and signal ids.
/// </summary>
public sealed class ExecutionSystemFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ExecutionHarness? _system;

    public async Task<ExecutionHarness> StartAsync(KafkaClusterFixture kafka, RedisServerFixture redis)
    {
        await _gate.WaitAsync();
        try
        {
            return _system ??= await BehaviourHarness.StartAsync(kafka, redis.Configuration, withRouter: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        _gate.Dispose();
    }
}
