using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;

namespace SignalStreams.SignalExecutor;

/// <summary>
/// Gauges of the <c>pending</c> executions on each partition this instance owns, from each task's reconcile pass:
/// <c>signal_streams.executor.pending{partition}</c> and <c>signal_streams.executor.pending.oldest_age{partition}</c>
/// (seconds since the oldest one was recorded). A record stays pending while its order's outcome is unknown, so an
/// age that keeps growing means executions are stuck and an operator should look. A partition whose task no longer
/// runs a pass (revoked) drops out after a while instead of reporting a stale count forever.
/// </summary>
public sealed class PendingExecutions
{
    private readonly ConcurrentDictionary<int, Scan> _scans = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _staleAfter;

    public PendingExecutions(IMeterFactory meterFactory, TimeProvider time, IOptions<ExecutorOptions> options)
    {
        _time = time;
        _staleAfter = TimeSpan.FromMilliseconds(Math.Max(60_000, 10L * options.Value.ReconcileIntervalMs));
        var meter = meterFactory.Create(ExecutorMetrics.MeterName);
        meter.CreateObservableGauge("signal_streams.executor.pending", ObserveCount, "{execution}", "Executions recorded pending on each partition this instance owns: an order in flight or an outcome not yet known.");
        meter.CreateObservableGauge("signal_streams.executor.pending.oldest_age", ObserveAge, "s", "Seconds since the oldest pending execution of each partition was recorded (0 when none is pending).");
    }

    /// <summary>Reports a task's pending records at the start of its reconcile pass; dispose when the pass ends.</summary>
    public IDisposable Scanned(int partition, IReadOnlyCollection<SignalExecution> pending)
    {
        var scan = new Scan(pending.Count, pending.Count == 0 ? null : pending.Min(e => e.CreatedAt), _time);
        _scans[partition] = scan;
        return scan;
    }

    private IEnumerable<KeyValuePair<int, Scan>> Current()
    {
        var now = _time.GetUtcNow();
        foreach (var entry in _scans)
        {
            // A pass may take long while the exchange is slow; only a task that stopped making passes is dropped.
            if (entry.Value.Running || now - entry.Value.FinishedAt < _staleAfter)
            {
                yield return entry;
            }
            else
            {
                _scans.TryRemove(entry);
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveCount() =>
        Current().Select(e => new Measurement<int>(e.Value.Count, Partition(e.Key)));

    private IEnumerable<Measurement<double>> ObserveAge()
    {
        var now = _time.GetUtcNow();
        return Current().Select(e => new Measurement<double>(
            e.Value.OldestCreatedAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0,
            Partition(e.Key)));
    }

    private static KeyValuePair<string, object?> Partition(int partition) => new("partition", partition);

    private sealed class Scan(int count, DateTimeOffset? oldestCreatedAt, TimeProvider time) : IDisposable
    {
        private volatile bool _running = true;

        public int Count { get; } = count;

        public DateTimeOffset? OldestCreatedAt { get; } = oldestCreatedAt;

        public DateTimeOffset FinishedAt { get; private set; } = time.GetUtcNow();

        public bool Running => _running;

        public void Dispose()
        {
            FinishedAt = time.GetUtcNow();
            _running = false;
        }
    }
}
