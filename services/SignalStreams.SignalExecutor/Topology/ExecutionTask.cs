using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.SignalExecutor.Dispatch;
using SignalStreams.SignalExecutor.Machine;
using SignalStreams.SignalExecutor.UserData;
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
public sealed partial class ExecutionTask(
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
    CheckBudget checkBudget,
    UserDataStreams streams,
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
        context.Schedule(TimeSpan.FromMilliseconds(Math.Min(1000, _options.ProtectionCheckIntervalMs)), _ => CheckProtection());
    }

    /// <summary>The partition is revoked or the application stops: the user data streams of its users close.</summary>
    public void Close() => streams.ReleasePartition(_context.Partition);

    public void Process(StreamTaskContext context, Record<string, byte[]> record)
    {
        if (RecordHeaders.GetString(record.Headers, RecordHeaders.Schema) == SchemaNames.PositionCloseRequest)
        {
            ProcessCloseRequest(context, record);
            return;
        }

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

        if (Reroute(context, record, attempt.UserId))
        {
            return;
        }

        using var activity = Continue(RecordHeaders.GetString(record.Headers, RecordHeaders.TraceParent), "execute " + record.TopicPartitionOffset.Topic);
        HandleAttempt(attempt);
    }

    /// <summary>
    /// A user's or admin's "close this position": a position this task holds and that is open is closed through the
    /// machine (the same per-user lane as entries); an unknown or closed one goes to the DLQ with the reason, and
    /// nothing is ordered.
    /// </summary>
    private void ProcessCloseRequest(StreamTaskContext context, Record<string, byte[]> record)
    {
        PositionCloseRequest request;
        try
        {
            request = Read(record, ContractsJsonContext.Default.PositionCloseRequest, r => r.Validate());
            if (record.Key != request.UserId)
            {
                throw new FormatException($"The record has key '{record.Key}' but userId '{request.UserId}'; close requests are keyed by userId.");
            }
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            context.DeadLetter(record, e.Message);
            return;
        }

        if (Reroute(context, record, request.UserId))
        {
            return;
        }

        var pairKey = _index.PairOfPosition(request.UserId, request.PositionId);
        var state = pairKey is null ? null : Load(pairKey);
        if (state?.Life is not { } life)
        {
            metrics.CloseRefused("unknown_position");
            context.DeadLetter(record, $"Position {request.PositionId} of user {request.UserId} is not known to the executor; nothing was ordered.");
            return;
        }

        if (!life.IsOpen)
        {
            metrics.CloseRefused("already_closed");
            context.DeadLetter(record, $"Position {request.PositionId} of user {request.UserId} is already closed ({life.Position.CloseReason?.ToString() ?? "closed"} at {life.Position.ClosedAt:O}); nothing was ordered.");
            return;
        }

        using var activity = Continue(RecordHeaders.GetString(record.Headers, RecordHeaders.TraceParent), "close position");
        logger.LogInformation("Close of position {PositionId} of {UserId} requested by {RequestedBy}", request.PositionId, request.UserId, request.RequestedBy ?? "user");
        Apply(pairKey!, new ExecutionEvent.CloseRequested(time.GetUtcNow(), PositionCloseReason.Manual, dispatcher.IsInFlight(pairKey!)));
    }

    /// <summary>Sends a record that arrived on another user's partition on to its own; true when it did.</summary>
    private bool Reroute(StreamTaskContext context, Record<string, byte[]> record, string userId)
    {
        var topic = record.TopicPartitionOffset.Topic;
        if (!context.Owns(userId, context.Topics.PartitionsOf(topic)))
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
            logger.LogInformation("Rerouted a record for {UserId} from {Topic}[{Partition}] to the partition of its userId", userId, topic, context.Partition);
            return true;
        }

        return false;
    }

    private void HandleAttempt(ExecutionAttempt attempt)
    {
        var signal = ExecutionPolicy.Current(_signals.Get(attempt.SignalId), attempt.Snapshot);
        var settings = _users.Get(attempt.UserId);
        var route = exchanges.RouteFor(settings, _credentials.Get(attempt.UserId));
        // u| holds the user's pending pairs and OPEN positions (a closed position frees its slot).
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

        TakeHints();
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
            if (Load(key) is not { } state || (state.IsSettled && state.Life is not { NeedsWork: true }))
            {
                _index.SetPending(key, false);
                continue;
            }

            if (!state.IsSettled)
            {
                pending.Add(state.Record);
            }

            if (state.LastProblem is { } problem && now >= state.NextCheckAt)
            {
                logger.LogInformation("Pending {SignalId} for {UserId} is looked up again: {Problem}", state.Record.SignalId, state.Record.UserId, problem);
            }

            Apply(key, new ExecutionEvent.Ticked(now, dispatcher.IsInFlight(key)));
        }

        pendingGauge.Scanned(_context.Partition, pending).Dispose();
        CloseWithSources(now);
    }

    /// <summary>
    /// Every signal with open positions here (index <c>a|</c>, never the whole store) is looked up in the signals
    /// table; a CLOSED one closes each of its open positions (index <c>q|</c>) once: a position already Closing or
    /// Closed has left <c>q|</c>, so a duplicate CLOSED record or a restart orders nothing twice.
    /// </summary>
    private void CloseWithSources(DateTimeOffset now)
    {
        foreach (var signalId in _index.SignalsWithOpenPositions())
        {
            if (_signals.Get(signalId) is not { Status: SignalStatus.Closed })
            {
                continue;
            }

            foreach (var userId in _index.OpenPositionsOf(signalId))
            {
                var key = ExecutionKeys.Of(signalId, userId);
                logger.LogInformation("Signal {SignalId} is CLOSED: closing the position of {UserId}", signalId, userId);
                Apply(key, new ExecutionEvent.CloseRequested(now, PositionCloseReason.SourceClosed, dispatcher.IsInFlight(key)));
            }
        }
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

                var kept = Read(value);
                if (kept is { IsSettled: false } or { Life.IsOpen: true })
                {
                    left++; // a pending pair is never dropped (its order may exist), nor an open position
                    continue;
                }

                if (kept?.Life is { } closedLife)
                {
                    _index.SetPosition(userId, closedLife.Position.PositionId, null);
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
            if (ExecutorDecisions.Of(key, effect, @event, _signals.Get, _users.Get) is { } decision)
            {
                // Sent like the other outputs, never waited for: the hot path does not block on a decision.
                _context.Send(_context.Topics.ExecutionDecisions, decision.Key, decision, ContractsJsonContext.Default.ExecutionDecisionRecord, SchemaNames.ExecutionDecision, PartitionOfUser(_context.Topics.ExecutionDecisions, decision.UserId));
            }
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
                if (position.Position.Status == PositionStatus.Closed)
                {
                    metrics.PositionClosed(position.Position.CloseReason?.ToString() ?? "unknown");
                    logger.LogInformation(
                        "Position {PositionId} of {UserId} CLOSED ({Reason}) at {ExitPrice}: realized PnL {Pnl} ({Percent}%){Note}",
                        position.Position.PositionId, position.Position.UserId, position.Position.CloseReason, position.Position.ExitPrice, position.Position.RealizedPnl, position.Position.RealizedPnlPercent,
                        position.Position.Note is { } note ? " — " + note : "");
                }

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
            case RefuseClose refused:
                metrics.CloseRefused(refused.Why == ExecutionMachine.AlreadyClosed ? "already_closed" : refused.Why == ExecutionMachine.AlreadyClosing ? "closing" : "no_position");
                logger.LogInformation("Close of {SignalId} for {UserId} ({Reason}) ordered nothing: {Why}", signalId, userId, refused.Reason, refused.Why);
                break;
        }
    }

    private void Save(ExecutionState state, bool publish)
    {
        var record = state.Record;
        _executions.Put(state.Key, JsonSerializer.SerializeToUtf8Bytes(state, ExecutorJsonContext.Default.ExecutionState));
        var life = state.Life;
        _index.SetPending(state.Key, !state.IsSettled || life is { NeedsWork: true });
        _index.SetUserPair(record.UserId, record.SignalId, record.Status is ExecutionStatus.Pending || (record.Status is ExecutionStatus.Executed && life is not { IsOpen: false }));
        if (life is not null)
        {
            _index.SetPosition(record.UserId, life.Position.PositionId, state.Key);
            _index.SetOpenOfSignal(record.SignalId, record.UserId, life.Phase is PositionPhase.Protecting or PositionPhase.Open);
            _index.SetWatched(state.Key, life.IsWatched, time.GetUtcNow() + TimeSpan.FromMilliseconds(_options.ProtectionCheckIntervalMs));
            streams.Track(_context.Partition, state.Key, record.UserId, state.Venue, state.Market, _credentials.Get(record.UserId), life.IsWatched);
        }

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
