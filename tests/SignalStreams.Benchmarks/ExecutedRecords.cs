using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// The first <c>executed</c> record per (signal, user) on <c>signal-executions</c> and when it arrived here — the end
/// point of the execution benchmark's publish→executed latency. A typed view of a <see cref="TopicTail"/>.
/// </summary>
internal sealed class ExecutedRecords : IDisposable
{
    private readonly Dictionary<string, Arrival> _executed = new(StringComparer.Ordinal);
    private readonly TopicTail _tail;
    private int _read;

    /// <summary>Reads every partition of <paramref name="topic"/> with the services' <c>Streams:Consumer:*</c> settings of <paramref name="settings"/>.</summary>
    public ExecutedRecords(string bootstrapServers, string topic, int partitions, IReadOnlyDictionary<string, string?> settings) =>
        _tail = new TopicTail(bootstrapServers, topic, partitions, ServiceClientSettings.Consumer(new ClientConfig(), settings));

    public sealed record Arrival(SignalExecution Record, DateTimeOffset Arrived, int Size);

    /// <summary>Waits until <paramref name="count"/> users have an executed record of the signal; their arrivals.</summary>
    public async Task<IReadOnlyList<Arrival>> WaitForAsync(string signalId, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_executed)
            {
                CatchUp();
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

    public void Dispose() => _tail.Dispose();

    /// <summary>Parses what arrived since the last call (arrival times are the tail's, taken when each was consumed).</summary>
    private void CatchUp()
    {
        var arrivals = _tail.ArrivalsFrom(_read);
        _read += arrivals.Count;
        foreach (var (record, arrived) in arrivals)
        {
            if (record.Value is null)
            {
                continue;
            }

            var execution = record.As(ContractsJsonContext.Default.SignalExecution);
            if (execution.Status == ExecutionStatus.Executed)
            {
                _executed.TryAdd(execution.Key, new Arrival(execution, arrived, record.Value.Length));
            }
        }
    }
}
