using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.SignalExecutor.Dispatch;
using SignalStreams.SignalExecutor.Machine;
using SignalStreams.Streamiz;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;
using static SignalStreams.SignalExecutor.Machine.ExecutionEffect;

namespace SignalStreams.SignalExecutor.Topology;

/// <summary>
/// One partition of <c>execution-commands</c> + <c>execution-requests</c> (both keyed by userId): every event about a
/// pair of this partition's users (an attempt, an exchange answer, a reconcile tick) goes through the one
/// <see cref="ExecutionMachine"/> with the state as it is in the store now, on this task's thread; the effects are
/// carried out here (stores, outputs) or handed to the <see cref="ExchangeDispatcher"/> once what names them is durable.
/// </summary>
public sealed class ExecutionTask(
    ExecutionMachine machine,
    ExchangeDispatcher dispatcher,
    IExecutionClaims claims,
    UserExchangeResolver exchanges,
    ContractTable<Signal> signalTable,
    ContractTable<UserSettings> userTable,
    ContractTable<EncryptedCredentials> credentialTable,
    DurabilityBarrier barrier,
    ExecutorMetrics metrics,
    PendingExecutions pendingGauge,
    TimeProvider time,
    IOptions<ExecutorOptions> options,
    ILogger<ExecutionTask> logger) : IStreamTask
{
    private readonly ExecutorOptions _options = options.Value;
    private StreamTaskContext _context = null!;
    private IKeyValueStore<string, byte[]> _executions = null!;
    private ExecutorIndex _index = null!;
    private TableView<Signal> _signals;
    private TableView<UserSettings> _users;
    private TableView<EncryptedCredentials> _credentials;

    public void Init(StreamTaskContext context)
    {
        _context = context;
        _executions = context.Store(ExecutorTopology.ExecutionsStore);
        _index = new ExecutorIndex(context.Store(ExecutorTopology.IndexStore));
        _signals = signalTable.View(context);
        _users = userTable.View(context);
        _credentials = credentialTable.View(context);
        for (var i = 0; i < _options.AnswerPollers; i++)
        {
            context.Schedule(TimeSpan.FromMilliseconds(_options.AnswerPollMs + (i * (i + 1) / 2)), _ => TakeAnswers());
        }

        context.Schedule(TimeSpan.FromMilliseconds(_options.ReconcileIntervalMs), _ => Reconcile());
        context.Schedule(TimeSpan.FromMilliseconds(_options.RetentionCheckIntervalMs), _ => Retire());
    }

    public void Process(StreamTaskContext context, Record<string, byte[]> record)
    {
        ExecutionAttempt attempt;
        try
        {
            attempt = Parse(record);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            context.DeadLetter(record, e.Message);
            return;
        }

        var topic = record.TopicPartitionOffset.Topic;
        if (!context.Owns(attempt.UserId, context.Topics.PartitionsOf(topic)))
        {
            // Produced by a client whose partitioner is not murmur2: this task does not own the user. Sent again to
            // the same topic, where the producer's murmur2 puts it on the owner's partition; never acted on here.
            var headers = new Headers();
            foreach (var header in record.Headers ?? [])
            {
                headers.Add(header.Key, header.GetValueBytes());
            }

            context.SendRaw(topic, record.Key, record.Value, headers);
            metrics.Rerouted();
            logger.LogInformation("Rerouted {SignalId} for {UserId} from {Topic}[{Partition}] to the partition of its userId", attempt.SignalId, attempt.UserId, topic, context.Partition);
            return;
        }

        using var activity = Continue(RecordHeaders.GetString(record.Headers, RecordHeaders.TraceParent), "execute " + topic);
        HandleAttempt(attempt);
    }

    private void HandleAttempt(ExecutionAttempt attempt)
    {
        var signal = ExecutionPolicy.Current(_signals.Get(attempt.SignalId), attempt.Snapshot);
        var settings = _users.Get(attempt.UserId);
        var route = exchanges.RouteFor(settings, _credentials.Get(attempt.UserId));
        var open = settings?.MaxOpenPositions is null ? 0 : _index.CountUserPairs(attempt.UserId);
        Apply(attempt.Key, new ExecutionEvent.Attempted(time.GetUtcNow(), attempt, signal, settings, route, open, dispatcher.IsInFlight(attempt.Key)));
    }

    private void TakeAnswers()
    {
        foreach (var answer in dispatcher.TakeAnswers(_context.Partition))
        {
            var call = answer.Call;
            using var activity = Continue(call.TraceParent, "settle " + call.Kind);
            if (call.Kind == ExchangeCallKind.Claim)
            {
                _index.Forget(call.Key);
            }

            Apply(call.Key, new ExecutionEvent.Answered(time.GetUtcNow(), call, answer.Result, _signals.Get(call.SignalId), _users.Get(call.UserId)));
        }
    }

    private void Reconcile()
    {
        var now = time.GetUtcNow();
        foreach (var waiting in _index.DueAttempts(now))
        {
            HandleAttempt(waiting.Attempt);
        }

        var pending = new List<SignalExecution>();
        foreach (var key in _index.PendingPairs())
        {
            if (Load(key) is not { IsSettled: false } state)
            {
                _index.SetPending(key, false);
                continue;
            }

            pending.Add(state.Record);
            if (state.LastProblem is { } problem && now >= state.NextCheckAt)
            {
                logger.LogInformation("Pending {SignalId} for {UserId} is looked up again: {Problem}", state.Record.SignalId, state.Record.UserId, problem);
            }

            Apply(key, new ExecutionEvent.Ticked(now, dispatcher.IsInFlight(key)));
        }

        pendingGauge.Scanned(_context.Partition, pending).Dispose();
    }

    /// <summary>Settled pairs leave the store once their signal has been over for <c>Executor:StateRetention</c>.</summary>
    private void Retire()
    {
        var now = time.GetUtcNow();
        var retention = _options.StateRetention;
        foreach (var (signalId, retained) in _index.RetainedSignals())
        {
            var signal = _signals.Get(signalId);
            var endedAt = retained.EndedAt ?? (signal is { Status: SignalStatus.Cancelled or SignalStatus.Closed or SignalStatus.Expired } ? now : null);
            var over = Min(endedAt, signal?.ExpiresAt ?? retained.ExpiresAt);
            if (endedAt != retained.EndedAt)
            {
                _index.SetSignal(signalId, retained with { EndedAt = endedAt });
            }

            if (now - over < retention)
            {
                continue;
            }

            var left = 0;
            foreach (var (key, value) in ExecutorIndex.Range(_executions, signalId + ":"))
            {
                var (keySignal, userId) = ExecutionKeys.Parse(key);
                if (keySignal != signalId)
                {
                    continue;
                }

                if (Read(value) is { IsSettled: false })
                {
                    left++; // a pending pair is never dropped: its order may exist
                    continue;
                }

                _executions.Delete(key);
                _index.SetUserPair(userId, signalId, false);
                metrics.Retired();
            }

            if (left == 0)
            {
                _index.SetSignal(signalId, null);
            }
        }
    }

    private void Apply(string key, ExecutionEvent @event)
    {
        var transition = machine.Apply(Load(key), @event);
        foreach (var effect in transition.Effects)
        {
            Carry(key, effect);
        }
    }

    private void Carry(string key, ExecutionEffect effect)
    {
        var (signalId, userId) = ExecutionKeys.Parse(key);
        switch (effect)
        {
            case Save save:
                Save(save.State, save.Publish);
                break;
            case PublishPosition position:
                _context.Send(_context.Topics.Positions, position.Position.Key, position.Position, ContractsJsonContext.Default.Position, SchemaNames.Position, PartitionOfUser(_context.Topics.Positions, position.Position.UserId));
                break;
            case Call call:
                {
                    if (call.ExchangeCall.Kind == ExchangeCallKind.Claim)
                    {
                        // The attempt has no record yet and its input offset will be committed: keep it in the store
                        // until the claim's answer is handled, so a crash or a rebalance in between retries it.
                        var pending = call.ExchangeCall;
                        _index.Guard(new WaitingAttempt(new ExecutionAttempt(pending.SignalId, pending.UserId, pending.Trigger, pending.Signal, pending.IssuedAt), time.GetUtcNow() + TimeSpan.FromMilliseconds(_options.ReconcileGraceMs)));
                    }

                    var durable = barrier.AllSentSoFarAsync();
                    var withCredentials = call.ExchangeCall with { Credentials = _credentials.Get(call.ExchangeCall.UserId), TraceParent = Activity.Current?.Id };
                    dispatcher.Submit(_context.Partition, withCredentials, () => durable);
                    break;
                }

            case CompleteClaim complete:
                _ = CompleteClaimAsync(barrier.AllSentSoFarAsync(), complete);
                break;
            case RefuseDuplicate refused:
                metrics.DuplicateRefused();
                logger.LogInformation("Refused {SignalId} for {UserId} ({Trigger}): " + ExecutionMachine.DuplicateMessage + " (existing record: {Existing})", signalId, userId, refused.Trigger, refused.Existing);
                break;
            case Filter filter:
                metrics.Filtered(filter.Reason);
                logger.LogDebug("Filtered {SignalId} for {UserId}: {Reason}", signalId, userId, filter.Reason);
                break;
            case Block block:
                metrics.Blocked(block.Reason);
                logger.LogInformation("Blocked {SignalId} for {UserId}: {Reason}", signalId, userId, block.Reason);
                break;
            case RetryLater retry:
                _index.Wait(new WaitingAttempt(retry.Attempt, retry.At));
                logger.LogInformation("{Reason}", retry.Reason);
                break;
            case Reconciled reconciled:
                metrics.Reconciled(reconciled.Outcome);
                break;
        }
    }

    private void Save(ExecutionState state, bool publish)
    {
        var record = state.Record;
        _executions.Put(state.Key, JsonSerializer.SerializeToUtf8Bytes(state, ExecutorJsonContext.Default.ExecutionState));
        _index.SetPending(state.Key, !state.IsSettled);
        _index.SetUserPair(record.UserId, record.SignalId, record.Status is ExecutionStatus.Pending or ExecutionStatus.Executed);
        if (_index.Signal(record.SignalId) is null)
        {
            var expiresAt = _signals.Get(record.SignalId)?.ExpiresAt ?? state.Signal?.ExpiresAt ?? time.GetUtcNow();
            _index.SetSignal(record.SignalId, new RetainedSignal(expiresAt, null));
        }

        if (!publish)
        {
            return;
        }

        _context.Send(_context.Topics.SignalExecutions, state.Key, record, ContractsJsonContext.Default.SignalExecution, SchemaNames.SignalExecution, PartitionOfUser(_context.Topics.SignalExecutions, record.UserId));
        metrics.Recorded(record.Status.ToString().ToLowerInvariant());
        switch (record.Status)
        {
            case ExecutionStatus.Executed:
                metrics.Executed(record.SignalId, record.Latency ?? 0);
                logger.LogInformation(
                    "Executed {SignalId} for {UserId}: {Quantity} {Symbol} at {Price} (slippage {Slippage}%, {Latency} ms after the signal), order {OrderId}",
                    record.SignalId, record.UserId, record.Quantity, state.Symbol, record.ActualEntryPrice, record.Slippage, record.Latency, record.OrderId);
                break;
            case ExecutionStatus.Failed:
                logger.LogWarning("Execution of {SignalId} for {UserId} failed: {Reason} {Details}", record.SignalId, record.UserId, record.FailureReason, record.ErrorDetails);
                break;
        }
    }

    private async Task CompleteClaimAsync(Task durable, CompleteClaim complete)
    {
        try
        {
            await durable;
            await claims.CompleteAsync(complete.SignalId, complete.UserId, complete.Status);
        }
        catch (Exception e)
        {
            // Redis only speeds up refusing duplicates elsewhere; the store already holds the settled record.
            logger.LogDebug(e, "Could not mark {SignalId} for {UserId} done in Redis", complete.SignalId, complete.UserId);
        }
    }

    /// <summary>Continues the trace of <paramref name="traceParent"/> (a record's header, or a call's) for what follows on this thread.</summary>
    private static Activity? Continue(string? traceParent, string name)
    {
        if (traceParent is null)
        {
            return null;
        }

        var activity = new Activity(name);
        activity.SetParentId(traceParent);
        return activity.Start();
    }

    private ExecutionState? Load(string key) => Read(_executions.Get(key));

    private static ExecutionState? Read(byte[]? bytes) =>
        bytes is null ? null : JsonSerializer.Deserialize(bytes, ExecutorJsonContext.Default.ExecutionState);

    private int PartitionOfUser(string topic, string userId) => Murmur2Partitioner.PartitionFor(userId, _context.Topics.PartitionsOf(topic));

    private ExecutionAttempt Parse(Record<string, byte[]> record)
    {
        ExecutionAttempt attempt;
        if (record.TopicPartitionOffset.Topic == _context.Topics.ExecutionCommands)
        {
            var command = Read(record, ContractsJsonContext.Default.ExecutionCommand, c => c.Validate());
            attempt = new ExecutionAttempt(command.SignalId, command.UserId, command.Trigger, command.Signal, command.IssuedAt);
        }
        else
        {
            var request = Read(record, ContractsJsonContext.Default.ExecutionRequest, r => r.Validate());
            attempt = new ExecutionAttempt(request.SignalId, request.UserId, ExecutionTrigger.Manual, null, request.RequestedAt);
        }

        return record.Key == attempt.UserId
            ? attempt
            : throw new FormatException($"The record has key '{record.Key}' but userId '{attempt.UserId}'; executions are keyed by userId.");
    }

    private static T Read<T>(Record<string, byte[]> record, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, Func<T, ValidationResult> validate)
        where T : class
    {
        var at = record.TopicPartitionOffset;
        var where = $"Record {at.Topic}[{at.Partition.Value}]@{at.Offset.Value}";
        if (record.Value is null)
        {
            throw new FormatException($"{where} has no value where a {typeof(T).Name} was expected.");
        }

        T value;
        try
        {
            value = ContractJson.Deserialize(record.Value, typeInfo);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{where} is not a valid {typeof(T).Name}: {e.Message}", e);
        }

        var result = validate(value);
        return result.IsValid ? value : throw new FormatException($"{where} is not a valid {typeof(T).Name}: {result.Describe()}");
    }

    private static DateTimeOffset Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;
}
