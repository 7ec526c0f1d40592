using Confluent.Kafka;
using SignalStreams.Contracts;

namespace SignalStreams.Benchmarks;

/// <summary>
/// Follows <c>signal-executions</c> from the beginning and notes, per (signal, user), when its first
/// <c>executed</c> record arrived here — the end point of the execution benchmark's publish→executed latency.
/// </summary>
internal sealed class ExecutedRecords : IDisposable
{
    private readonly Dictionary<string, Arrival> _executed = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly Thread _thread;

    /// <summary>Reads every partition of <paramref name="topic"/> with the services' <c>Streams:Consumer:*</c> settings of <paramref name="settings"/>.</summary>
    public ExecutedRecords(string bootstrapServers, string topic, int partitions, IReadOnlyDictionary<string, string?> settings)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "bench-results-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false };
        _consumer = new ConsumerBuilder<string, byte[]>(ServiceClientSettings.Consumer(config, settings)).Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        _thread = new Thread(Follow) { IsBackground = true, Name = "bench-results" };
        _thread.Start();
    }

    public sealed record Arrival(SignalExecution Record, DateTimeOffset Arrived, int Size);

    /// <summary>Waits until <paramref name="count"/> users have an executed record of the signal; their arrivals.</summary>
    public async Task<IReadOnlyList<Arrival>> WaitForAsync(string signalId, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_executed)
            {
                var arrived = _executed.Values.Where(a => a.Record.SignalId == signalId).ToList();
                if (arrived.Count >= count)
                {
                    return arrived;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Only {arrived.Count} of {count} executed records of {signalId} arrived within {timeout.TotalSeconds:0} s.");
                }
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Follow()
    {
        while (!_stop.IsCancellationRequested)
        {
            var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null || result.IsPartitionEOF || result.Message.Value is null)
            {
                continue;
            }

            var now = DateTimeOffset.UtcNow;
            var record = ContractJson.Deserialize(result.Message.Value, ContractsJsonContext.Default.SignalExecution);
            if (record.Status != ExecutionStatus.Executed)
            {
                continue;
            }

            lock (_executed)
            {
                _executed.TryAdd(record.Key, new Arrival(record, now, result.Message.Value.Length));
            }
        }
    }
}
