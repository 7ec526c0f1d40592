using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Streamiz;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// One partition of <c>mt5-position-events</c>: parses each event, forwards one that is off its key's partition,
/// and drives the <see cref="PositionMachine"/> with the position's state as it is now. Each step's state goes to
/// the <c>positions</c> store (changelogged) and its contract records to <c>mt5-signal-mappings</c> /
/// <c>telegram-mappings</c>; a step that names an effect (the signal, the message) is made durable first
/// (<see cref="DurabilityBarrier"/>). A timer drives trailing edits, held claims and retention through the
/// <c>position-timers</c> index (due time → position), so it never scans the store.
/// </summary>
internal sealed class PositionTask(
    PositionMachine machine,
    PositionEffectRunner effects,
    DurabilityBarrier barrier,
    TimeProvider time,
    TimeSpan timerInterval,
    Mt5IngestMetrics metrics,
    ILogger<PositionTask> logger) : IStreamTask
{
    public const string PositionsStore = "positions";
    public const string TimersStore = "position-timers";
    private const int MaxDuePerTick = 500;

    private IKeyValueStore<string, byte[]> _positions = null!;
    private IKeyValueStore<string, byte[]> _timers = null!;
    private int _partitions;

    public void Init(StreamTaskContext context)
    {
        _positions = context.Store(PositionsStore);
        _timers = context.Store(TimersStore);
        _partitions = context.Topics.PartitionsOf(context.Topics.Mt5PositionEvents);
        context.Schedule(timerInterval, _ => OnTimer(context));
    }

    public void Process(StreamTaskContext context, Record<string, byte[]> record)
    {
        if (Parse(context, record) is not { } position)
        {
            return;
        }

        if (!context.Owns(position.Key, _partitions))
        {
            // Placed by a non-murmur2 partitioner: only the owner of the key's partition may act on it.
            var headers = new Headers();
            foreach (var header in record.Headers ?? [])
            {
                headers.Add(header.Key, header.GetValueBytes());
            }

            context.SendRaw(record.TopicPartitionOffset.Topic, position.Key, record.Value, headers);
            metrics.Misrouted();
            logger.LogInformation("Event {EventId} for position {PositionKey} arrived on partition {Partition}, not its key's; forwarded to partition {Owner}", position.EventId, position.Key, context.Partition, Murmur2Partitioner.PartitionFor(position.Key, _partitions));
            return;
        }

        var started = time.GetTimestamp();
        Drive(context, position.Key, new PositionInput.Observed(position), record);
        metrics.EventProcessed(time.GetElapsedTime(started));
    }

    private PositionEvent? Parse(StreamTaskContext context, Record<string, byte[]> record)
    {
        string? problem;
        PositionEvent? position = null;
        try
        {
            position = record.Value is null ? null : ContractJson.Deserialize(record.Value, ContractsJsonContext.Default.PositionEvent);
            var validation = position?.Validate();
            problem = position is null ? $"Record {Where(record)} is not a valid PositionEvent: it has no value."
                : !validation!.IsValid ? $"Record {Where(record)} is not a valid PositionEvent: {validation.Describe()}"
                : record.Key != position.Key ? $"The record is keyed '{record.Key}' but its event is for position {position.Key}; mt5-position-events is keyed {{accountId}}:{{positionId}}."
                : null;
        }
        catch (JsonException e)
        {
            problem = $"Record {Where(record)} is not a valid PositionEvent: {e.Message}";
        }

        if (problem is null)
        {
            return position;
        }

        context.DeadLetter(record, problem);
        return null;
    }

    private static string Where(Record<string, byte[]> record) =>
        $"{record.TopicPartitionOffset.Topic}[{record.TopicPartitionOffset.Partition.Value}]@{record.TopicPartitionOffset.Offset.Value}";

    private void OnTimer(StreamTaskContext context)
    {
        var now = time.GetUtcNow();
        var due = new List<string>();
        using (var range = _timers.Range("0", TimerKey(now, "") + "}"))
        {
            while (due.Count < MaxDuePerTick && range.MoveNext())
            {
                due.Add(range.Current!.Value.Key);
            }
        }

        foreach (var timerKey in due)
        {
            var positionKey = timerKey[(timerKey.IndexOf('|', StringComparison.Ordinal) + 1)..];
            Drive(context, positionKey, new PositionInput.Tick(), null);
            var next = machine.NextDue(Load(positionKey));
            if (next is null || TimerKey(next.Value, positionKey) != timerKey)
            {
                _timers.Delete(timerKey); // moved or done; a step that changes nothing keeps it for the next tick
            }
        }
    }

    private void Drive(StreamTaskContext context, string key, PositionInput first, Record<string, byte[]>? record)
    {
        var state = Load(key);
        var offset = record?.TopicPartitionOffset.Offset.Value;
        // A failed creation is retried by a LATER event (the contract's "a later event retries"), not by the replay
        // of the event that failed; an older event is never applied after a newer one.
        if (offset < state?.LastOffset || (offset == state?.LastOffset && state?.Mapping is { Status: MappingStatus.Failed }))
        {
            // Replayed (at-least-once): this or a later event of the position has already been applied.
            metrics.Duplicate();
            logger.LogDebug("Event at offset {Offset} for position {PositionKey} was applied already (state at offset {LastOffset}); skipped", offset, key, state!.LastOffset);
            return;
        }

        var inputs = new Queue<PositionInput>([first]);
        while (inputs.TryDequeue(out var input))
        {
            var step = machine.Step(state, input, time.GetUtcNow());
            Observe(key, input, step);
            var next = step.State is { } changed && !Equals(changed, state) && offset is not null ? changed with { LastOffset = offset } : step.State;
            Save(context, key, state, next);
            state = next;
            if (step.DurableFirst && step.Effects.Count > 0)
            {
                barrier.AllSentSoFarAsync().GetAwaiter().GetResult();
            }

            foreach (var effect in step.Effects)
            {
                if (effect is PositionEffect.Reject reject)
                {
                    if (record is not null)
                    {
                        context.DeadLetter(record, reject.Reason);
                    }
                    else
                    {
                        logger.LogWarning("Position {PositionKey} cannot be opened: {Reason}", key, reject.Reason);
                    }
                }
                else if (effects.Run(key, effect) is { } answer)
                {
                    inputs.Enqueue(answer);
                }
            }
        }
    }

    private PositionState? Load(string key) =>
        _positions.Get(key) is { } bytes ? JsonSerializer.Deserialize(bytes, PositionStateJsonContext.Default.PositionState) : null;

    private void Save(StreamTaskContext context, string key, PositionState? before, PositionState? after)
    {
        if (Equals(before, after))
        {
            return;
        }

        if (after?.Mapping is { } mapping && mapping != before?.Mapping)
        {
            context.Send(context.Topics.Mt5SignalMappings, key, mapping, ContractsJsonContext.Default.Mt5SignalMapping, SchemaNames.Mt5SignalMapping);
            metrics.KafkaRecord("mapping");
        }

        if (after?.Telegram is { } telegram && telegram != before?.Telegram)
        {
            context.Send(context.Topics.TelegramMappings, key, telegram, ContractsJsonContext.Default.TelegramMapping, SchemaNames.TelegramMapping);
            metrics.KafkaRecord("telegram_mapping");
        }

        if (after is null)
        {
            _positions.Delete(key);
        }
        else
        {
            _positions.Put(key, JsonSerializer.SerializeToUtf8Bytes(after, PositionStateJsonContext.Default.PositionState));
        }

        metrics.StateRecord("position");
        var (dueBefore, dueAfter) = (machine.NextDue(before), machine.NextDue(after));
        if (dueBefore != dueAfter)
        {
            if (dueBefore is { } b)
            {
                _timers.Delete(TimerKey(b, key));
                metrics.StateRecord("timer");
            }

            if (dueAfter is { } a)
            {
                _timers.Put(TimerKey(a, key), []);
                metrics.StateRecord("timer");
            }
        }
    }

    private void Observe(string key, PositionInput input, PositionTransition step)
    {
        switch (step.Outcome)
        {
            case PositionOutcome.Unchanged when input is PositionInput.Observed observed:
                metrics.Duplicate();
                logger.LogDebug("Event {EventId} for position {PositionKey} changes nothing", observed.Event.EventId, key);
                break;
            case PositionOutcome.Opened:
                metrics.PositionOpened();
                logger.LogInformation("Position {PositionKey} became signal {SignalId}", key, step.State?.Mapping?.SignalId);
                break;
            case PositionOutcome.CompletedElsewhere:
                logger.LogInformation("Position {PositionKey} was completed by another instance during a rebalance; nothing to do", key);
                break;
            case PositionOutcome.Held:
                logger.LogInformation("Position {PositionKey} is claimed by another owner; tried again shortly", key);
                break;
            case PositionOutcome.SendUnknown:
                metrics.TelegramUnknown("send");
                logger.LogWarning("The channel message of position {PositionKey} may or may not have reached Telegram; mapping unknown, it is never resent", key);
                break;
            case PositionOutcome.SendFailed:
                logger.LogWarning("The channel message of position {PositionKey} was not delivered; mapping failed, the next event sends it", key);
                break;
            case PositionOutcome.Interrupted:
                metrics.TelegramUnknown("interrupted");
                logger.LogWarning("Position {PositionKey} is completed without a Telegram mapping: an earlier run stopped between sending and recording; mapping unknown, the message is never resent", key);
                break;
            case PositionOutcome.Closed or PositionOutcome.ClosedBeforeCompletion:
                logger.LogInformation("Position {PositionKey} closed ({Outcome})", key, step.Outcome);
                break;
            case PositionOutcome.ClosedUnseen:
                logger.LogInformation("Position {PositionKey} closed before any event of it was seen; nothing to close", key);
                break;
            case PositionOutcome.Retired:
                logger.LogDebug("Closed position {PositionKey} retired; only its marker stays", key);
                break;
        }
    }

    /// <summary><c>{due unix ms, 15 digits}|{position key}</c>: byte order is due order, so the timer reads a range.</summary>
    private static string TimerKey(DateTimeOffset due, string positionKey) =>
        Math.Max(0, due.ToUnixTimeMilliseconds()).ToString("D15", CultureInfo.InvariantCulture) + "|" + positionKey;
}
