using System.Diagnostics.Metrics;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// Meter <c>SignalStreams.Mt5Ingest</c>: the write accounting of the issue (Kafka records written, Redis operations
/// and Telegram calls, by kind), positions opened, duplicates ignored and Telegram outcomes needing an operator.
/// The running totals are also readable in process (<see cref="Snapshot"/>) for the benchmark and tests.
/// </summary>
public sealed class Mt5IngestMetrics
{
    public const string MeterName = "SignalStreams.Mt5Ingest";

    private readonly Counter<long> _kafkaRecords;
    private readonly Counter<long> _redisOperations;
    private readonly Counter<long> _telegramCalls;
    private readonly Counter<long> _positionsOpened;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _telegramUnknown;
    private readonly Counter<long> _webhookRequests;
    private readonly Counter<long> _stateRecords;
    private readonly Counter<long> _misrouted;
    private readonly Histogram<double> _eventDuration;
    private long _stateTotal;
    private long _kafkaTotal;
    private long _eventRecordsTotal;
    private long _redisTotal;
    private long _telegramTotal;
    private long _openedTotal;
    private long _duplicatesTotal;

    public Mt5IngestMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _kafkaRecords = meter.CreateCounter<long>("signal_streams.mt5.kafka.records_written", "{record}", "Records the ingest wrote to Kafka, by record (position_event from the webhook; mapping, signal, telegram_mapping from the processor).");
        _redisOperations = meter.CreateCounter<long>("signal_streams.mt5.redis.operations", "{operation}", "Redis commands the processor sent, by operation (claim, complete, release, inspect).");
        _telegramCalls = meter.CreateCounter<long>("signal_streams.mt5.telegram.calls", "{call}", "Bot API calls the processor made, by method and outcome.");
        _positionsOpened = meter.CreateCounter<long>("signal_streams.mt5.positions.opened", "{position}", "New positions that became a signal (mapping completed).");
        _duplicates = meter.CreateCounter<long>("signal_streams.mt5.events.duplicates", "{event}", "Events that changed nothing (already processing or completed, same profit); no writes, no calls.");
        _failures = meter.CreateCounter<long>("signal_streams.mt5.positions.failed", "{attempt}", "Signal creations that failed; the mapping became failed and a later event retries.");
        _telegramUnknown = meter.CreateCounter<long>("signal_streams.mt5.telegram.unknown", "{message}", "Messages whose delivery is unknown (mapping unknown, never resent): an operator should look, by reason.");
        _stateRecords = meter.CreateCounter<long>("signal_streams.mt5.state.records_written", "{record}", "Records the processor wrote to its own stores' changelogs (internal topics), by store (position, timer).");
        _misrouted = meter.CreateCounter<long>("signal_streams.mt5.events.misrouted", "{event}", "Events that arrived on a partition other than their key's murmur2 partition and were forwarded to it.");
        _eventDuration = meter.CreateHistogram<double>("signal_streams.mt5.event.processing_duration", "s", "How long the processor took for one position event, its Redis, signal and Telegram calls included.");
        _webhookRequests = meter.CreateCounter<long>("signal_streams.mt5.webhook.requests", "{request}", "Webhook requests, by outcome (accepted, unauthorized, invalid, too_large, unavailable).");
    }

    public void KafkaRecord(string record)
    {
        _kafkaRecords.Add(1, new KeyValuePair<string, object?>("record", record));
        Interlocked.Increment(ref record == "position_event" ? ref _eventRecordsTotal : ref _kafkaTotal);
    }

    /// <summary>A write to one of the processor's own stores (its changelog record), counted apart from the contract records.</summary>
    public void StateRecord(string store)
    {
        _stateRecords.Add(1, new KeyValuePair<string, object?>("store", store));
        Interlocked.Increment(ref _stateTotal);
    }

    public void Misrouted() => _misrouted.Add(1);

    public void EventProcessed(TimeSpan duration) => _eventDuration.Record(duration.TotalSeconds);

    public void RedisOperation(string operation)
    {
        _redisOperations.Add(1, new KeyValuePair<string, object?>("operation", operation));
        Interlocked.Increment(ref _redisTotal);
    }

    public void TelegramCall(string method, string outcome)
    {
        _telegramCalls.Add(1, new("method", method), new("outcome", outcome));
        Interlocked.Increment(ref _telegramTotal);
    }

    public void PositionOpened()
    {
        _positionsOpened.Add(1);
        Interlocked.Increment(ref _openedTotal);
    }

    public void Duplicate()
    {
        _duplicates.Add(1);
        Interlocked.Increment(ref _duplicatesTotal);
    }

    public void Failure(string stage) => _failures.Add(1, new KeyValuePair<string, object?>("stage", stage));

    public void TelegramUnknown(string reason) => _telegramUnknown.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void WebhookRequest(string outcome) => _webhookRequests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>The running totals since start.</summary>
    public WriteTotals Snapshot() => new(
        Interlocked.Read(ref _openedTotal),
        Interlocked.Read(ref _duplicatesTotal),
        Interlocked.Read(ref _eventRecordsTotal),
        Interlocked.Read(ref _kafkaTotal),
        Interlocked.Read(ref _redisTotal),
        Interlocked.Read(ref _telegramTotal),
        Interlocked.Read(ref _stateTotal));
}
