using SignalStreams.Contracts;
using SignalStreams.Sdk;
using SignalStreams.Streams;
using SignalStreams.Telegram;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// Events of a completed position: UPDATED keeps <c>lastKnownProfit</c> in the store and edits the message with the
/// current profit (throttled, only when the text changes); REMOVED edits it to "closed" with the final profit,
/// cancels the signal while it can still be executed, and marks the mapping closed.
/// </summary>
public sealed class PositionMessageUpdater(
    TelegramSender sender,
    PositionMessageFormatter formatter,
    MessageEditThrottle throttle,
    SignalPublisher publisher,
    Mt5IngestMetrics metrics,
    ILogger<PositionMessageUpdater> logger)
{
    public async Task UpdateAsync(PositionEvent position, Mt5SignalMapping mapping, ProcessorContext context, CancellationToken cancellationToken)
    {
        var key = position.Key;
        var telegrams = context.Store<TelegramMapping>(PositionEventProcessor.TelegramStore);
        var telegram = telegrams.Get(key);
        if (telegram is null)
        {
            sender.RecordInterrupted(mapping, context);
            return;
        }

        if (telegram.Status == TelegramDeliveryStatus.Failed)
        {
            // Known not delivered: try again, behind a flushed unknown marker.
            await sender.SendAsync(position, mapping, context, markFirst: true, cancellationToken);
            return;
        }

        if (position.Profit == mapping.LastKnownProfit)
        {
            metrics.Duplicate();
            logger.LogDebug("Event {EventId} for position {PositionKey} changes nothing", position.EventId, key);
            return;
        }

        context.Store<Mt5SignalMapping>(PositionEventProcessor.MappingsStore).Put(key, mapping with { LastKnownProfit = position.Profit, UpdatedAt = context.Time.GetUtcNow() });
        metrics.KafkaRecord("mapping");
        var text = formatter.Format(PositionMessageKind.Updated, position, mapping.SignalId, mapping.Pair);
        if (throttle.ShouldEdit(key, text))
        {
            await sender.EditAsync(key, telegram, text, cancellationToken);
        }
    }

    public async Task CloseAsync(PositionEvent position, Mt5SignalMapping? mapping, ProcessorContext context, CancellationToken cancellationToken)
    {
        var key = position.Key;
        if (mapping is not { Status: MappingStatus.Completed })
        {
            logger.LogInformation("Position {PositionKey} closed before it became a signal ({Status}); nothing to close", key, mapping?.Status.ToString() ?? "never seen");
            return;
        }

        var telegram = context.Store<TelegramMapping>(PositionEventProcessor.TelegramStore).Get(key) ?? sender.RecordInterrupted(mapping, context);
        await sender.EditAsync(key, telegram, formatter.Format(PositionMessageKind.Closed, position, mapping.SignalId, mapping.Pair), cancellationToken);
        throttle.Forget(key);

        var now = context.Time.GetUtcNow();
        if (now < mapping.CreatedAt + SignalDraft.DefaultLifetime)
        {
            // Still executable: late users must not open a closed position. CANCELLED or EXPIRED stays as it is.
            try
            {
                await publisher.CancelAsync(mapping.SignalId, cancellationToken);
                metrics.KafkaRecord("signal");
            }
            catch (SignalNotFoundException)
            {
                logger.LogWarning("Signal {SignalId} of closed position {PositionKey} was not found on the signals topic; nothing to cancel", mapping.SignalId, key);
            }
        }

        context.Store<Mt5SignalMapping>(PositionEventProcessor.MappingsStore).Put(key, mapping with { LastKnownProfit = position.Profit, ClosedAt = now, UpdatedAt = now });
        metrics.KafkaRecord("mapping");
        logger.LogInformation("Position {PositionKey} closed with profit {Profit}", key, position.Profit);
    }
}
