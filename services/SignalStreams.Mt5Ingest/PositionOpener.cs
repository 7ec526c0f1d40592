using SignalStreams.Contracts;
using SignalStreams.Redis;
using SignalStreams.Sdk;
using SignalStreams.Streams;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// The lock-first state machine of a new position: claim (Redis) → mapping <c>processing</c>/<c>PENDING</c>
/// (flushed: the lock in Kafka) → the signal through the SDK → mapping <c>completed</c> (flushed: from now on the
/// message counts as possibly sent) → Telegram <c>sendMessage</c> → <c>telegram-mappings</c> record. A failure
/// before completion writes <c>failed</c> and releases the claim; the next event retries with the same signal id
/// and createdAt, so the retry republishes the very same signal.
/// </summary>
public sealed class PositionOpener(
    PositionClaims claims,
    PositionSignals signals,
    SignalPublisher publisher,
    TelegramSender sender,
    Mt5IngestMetrics metrics,
    ILogger<PositionOpener> logger)
{
    public async Task OpenAsync(PositionEvent position, Mt5SignalMapping? previous, ProcessorContext context, CancellationToken cancellationToken)
    {
        var key = position.Key;
        var now = context.Time.GetUtcNow();
        var createdAt = previous?.CreatedAt ?? now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var signal = signals.Build(position, createdAt); // invalid → DLQ, before any write

        // First and Again are both ours: the store (processing/failed mapping, the same createdAt) and the
        // deterministic signal id already make a retry safe, so Redis adds nothing the store does not say. Redis
        // unavailable: the partition's single owner serialises the work and the store decides alone.
        var claim = await claims.ClaimAsync(key);
        switch (claim)
        {
            case ClaimStatus.Done:
                logger.LogInformation("Position {PositionKey} was completed by another instance during a rebalance; nothing to do", key);
                return;
            case ClaimStatus.Held:
                throw new PositionBusyException(key);
        }

        var mappings = context.Store<Mt5SignalMapping>(PositionEventProcessor.MappingsStore);
        var processing = new Mt5SignalMapping
        {
            AccountId = position.AccountId,
            PositionId = position.PositionId,
            SignalId = Mt5Keys.PendingSignalId,
            Pair = signal.Symbol,
            Status = MappingStatus.Processing,
            CreatedAt = createdAt,
            UpdatedAt = now,
            LastKnownProfit = position.Profit,
        };
        mappings.Put(key, processing);
        metrics.KafkaRecord("mapping");
        await context.FlushAsync();

        try
        {
            await publisher.PublishAsync(signal, cancellationToken);
            metrics.KafkaRecord("signal");
        }
        catch (SignalPublishException e)
        {
            mappings.Put(key, processing with { Status = MappingStatus.Failed, UpdatedAt = context.Time.GetUtcNow() });
            metrics.KafkaRecord("mapping");
            metrics.Failure("signal");
            logger.LogWarning("Creating signal {SignalId} for position {PositionKey} failed ({Reason}); mapping failed, the next event retries", signal.SignalId, key, e.Message);
            await context.FlushAsync();
            if (claim is ClaimStatus.First or ClaimStatus.Again)
            {
                await claims.ReleaseAsync(key);
            }

            return;
        }

        var completed = processing with { SignalId = signal.SignalId, Status = MappingStatus.Completed, UpdatedAt = context.Time.GetUtcNow() };
        mappings.Put(key, completed);
        metrics.KafkaRecord("mapping");
        // Durable before Telegram: "completed without a telegram mapping" then means the send may have happened.
        await context.FlushAsync();
        if (claim is ClaimStatus.First or ClaimStatus.Again)
        {
            await claims.CompleteAsync(key);
        }

        metrics.PositionOpened();
        logger.LogInformation("Position {PositionKey} became signal {SignalId}", key, signal.SignalId);
        await sender.SendAsync(position, completed, context, markFirst: false, cancellationToken);
    }
}
