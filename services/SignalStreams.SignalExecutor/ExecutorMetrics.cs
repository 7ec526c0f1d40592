using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SignalStreams.SignalExecutor;

/// <summary>
/// Meter <c>SignalStreams.Executor</c>: executions by status, filtered and blocked by reason, duplicates refused,
/// time from a signal's createdAt to each user's confirmed order, and per signal the time until its last user.
/// </summary>
public sealed class ExecutorMetrics
{
    public const string MeterName = "SignalStreams.Executor";
    private const int TrackedSignals = 50;

    private readonly Counter<long> _executions;
    private readonly Counter<long> _filtered;
    private readonly Counter<long> _blocked;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _reconciled;
    private readonly Counter<long> _rerouted;
    private readonly Counter<long> _retired;
    private readonly Counter<long> _positionsClosed;
    private readonly Counter<long> _closesRefused;
    private readonly Counter<long> _checkWeight;
    private readonly Counter<long> _streamEvents;
    private readonly Counter<long> _streamConnects;
    private readonly Meter _meter;
    private readonly Histogram<double> _timeToExecuted;
    private readonly ConcurrentDictionary<string, long> _lastUserLatency = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _signalOrder = new();

    public ExecutorMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _meter = meter;
        _rerouted = meter.CreateCounter<long>("signal_streams.executor.rerouted", "{record}", "Inputs that arrived on a partition other than their userId's and were sent on to it.");
        _positionsClosed = meter.CreateCounter<long>("signal_streams.executor.positions_closed", "{position}", "Positions published CLOSED, by closeReason.");
        _closesRefused = meter.CreateCounter<long>("signal_streams.executor.closes_refused", "{request}", "Close requests or source closes that ordered nothing (unknown, already closed or closing), by reason.");
        _checkWeight = meter.CreateCounter<long>("signal_streams.executor.protection_check_weight", "{weight}", "Exchange request weight spent noticing protective fills, per endpoint.");
        _streamEvents = meter.CreateCounter<long>("signal_streams.executor.user_data_stream_hints", "{event}", "User data stream events that made a position's check run at once, by kind (order, reconnected, down).");
        _streamConnects = meter.CreateCounter<long>("signal_streams.executor.user_data_stream_connects", "{connect}", "User data stream connection attempts, by outcome (connected, failed, ended).");
        _retired = meter.CreateCounter<long>("signal_streams.executor.retired", "{execution}", "Settled executions dropped from the local store after Executor:StateRetention.");
        _executions = meter.CreateCounter<long>("signal_streams.executor.executions", "{execution}", "Execution records written, by status (pending, executed, failed).");
        _filtered = meter.CreateCounter<long>("signal_streams.executor.filtered", "{attempt}", "Attempts a user's current settings did not admit, by reason; no record is written.");
        _blocked = meter.CreateCounter<long>("signal_streams.executor.blocked", "{attempt}", "Attempts on a cancelled, expired or unknown signal, by reason; no record is written.");
        _duplicates = meter.CreateCounter<long>("signal_streams.executor.duplicates_refused", "{attempt}", "Second attempts of a (signal, user) that were refused.");
        _reconciled = meter.CreateCounter<long>("signal_streams.executor.reconciled", "{execution}", "Pending records settled by looking the order up, by outcome.");
        _timeToExecuted = meter.CreateHistogram<double>(
            "signal_streams.executor.time_to_executed",
            "ms",
            "Milliseconds from a signal's createdAt to the exchange's confirmation of one user's order.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000] });
        meter.CreateObservableGauge(
            "signal_streams.executor.signal_time_to_last_user",
            ObserveLastUser,
            "ms",
            "Per recent signal: milliseconds from createdAt until the last user executed it so far.");
    }

    public void Recorded(string status) => _executions.Add(1, new KeyValuePair<string, object?>("status", status));

    public void Filtered(string reason) => _filtered.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Blocked(string reason) => _blocked.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void DuplicateRefused() => _duplicates.Add(1);

    public void Rerouted() => _rerouted.Add(1);

    public void Retired() => _retired.Add(1);

    public void PositionClosed(string reason) => _positionsClosed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void CloseRefused(string reason) => _closesRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void CheckWeight(string endpoint, int weight) => _checkWeight.Add(weight, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void StreamHint(string kind) => _streamEvents.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void StreamConnect(string outcome) => _streamConnects.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Gauges of the user data streams: wanted (a user with open protected positions) and connected.</summary>
    public void Observe(UserData.UserDataStreams streams)
    {
        _meter.CreateObservableGauge("signal_streams.executor.user_data_streams", () => streams.Count(), "{stream}", "User data streams kept for users with open protected positions.");
        _meter.CreateObservableGauge("signal_streams.executor.user_data_streams_live", () => streams.CountLive(), "{stream}", "User data streams connected now.");
    }

    /// <summary>Gauges of the dispatcher's bulkheads: running and waiting calls per exchange endpoint.</summary>
    public void Observe(Dispatch.ExchangeDispatcher dispatcher)
    {
        _meter.CreateObservableGauge("signal_streams.executor.exchange_calls_in_flight", () => dispatcher.Loads().Select(l => new Measurement<int>(l.InFlight, new KeyValuePair<string, object?>("endpoint", l.Endpoint))), "{call}", "Exchange calls running, per endpoint.");
        _meter.CreateObservableGauge("signal_streams.executor.exchange_calls_queued", () => dispatcher.Loads().Select(l => new Measurement<int>(l.Queued, new KeyValuePair<string, object?>("endpoint", l.Endpoint))), "{call}", "Exchange calls waiting for a slot of their endpoint.");
    }

    public void Reconciled(string outcome) => _reconciled.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Executed(string signalId, long latencyMs)
    {
        _timeToExecuted.Record(latencyMs);
        if (_lastUserLatency.TryAdd(signalId, latencyMs))
        {
            _signalOrder.Enqueue(signalId);
            while (_signalOrder.Count > TrackedSignals && _signalOrder.TryDequeue(out var oldest))
            {
                _lastUserLatency.TryRemove(oldest, out _);
            }
        }
        else
        {
            _lastUserLatency.AddOrUpdate(signalId, latencyMs, (_, current) => Math.Max(current, latencyMs));
        }
    }

    private IEnumerable<Measurement<long>> ObserveLastUser() =>
        _lastUserLatency.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("signal", p.Key)));
}
