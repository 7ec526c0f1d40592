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
        if (mapping is null)
        {
            logger.LogInformation("Position {PositionKey} closed before any event of it was seen; nothing to close", key);
            return;
        }

        if (mapping.Status != MappingStatus.Completed)
        {
            // processing (an instance stopped mid-way) or failed (a publish that timed out may still have landed):
            // the signal may exist, so cancel it if it does, and close the mapping so a late event creates nothing.
            await CancelIfExecutableAsync(Mt5Keys.SignalIdFor(position.AccountId, position.PositionId), mapping, key, context, cancellationToken);
            CloseMapping(position, mapping, context);
            logger.LogInformation("Position {PositionKey} closed before its signal was completed ({Status}); closed without a message", key, mapping.Status);
            return;
        }

        var telegram = context.Store<TelegramMapping>(PositionEventProcessor.TelegramStore).Get(key) ?? sender.RecordInterrupted(mapping, context);
        await sender.EditAsync(key, telegram, formatter.Format(PositionMessageKind.Closed, position, mapping.SignalId, mapping.Pair), cancellationToken);
        throttle.Forget(key);

        await CancelIfExecutableAsync(mapping.SignalId, mapping, key, context, cancellationToken);
        CloseMapping(position, mapping, context);
        logger.LogInformation("Position {PositionKey} closed with profit {Profit}", key, position.Profit);
    }

    private async Task CancelIfExecutableAsync(string signalId, Mt5SignalMapping mapping, string key, ProcessorContext context, CancellationToken cancellationToken)
    {
        if (context.Time.GetUtcNow() >= mapping.CreatedAt + SignalDraft.DefaultLifetime)
        {
            return; // expired: nobody can execute it any more
        }

        // Still executable: late users must not open a closed position. CANCELLED or EXPIRED stays as it is.
        try
        {
            var result = await publisher.CancelAsync(signalId, cancellationToken);
            if (result.Published)
            {
                metrics.KafkaRecord("signal");
            }
        }
        catch (SignalNotFoundException)
        {
            logger.LogInformation("Signal {SignalId} of closed position {PositionKey} is not on the signals topic; nothing to cancel", signalId, key);
        }
    }

    private void CloseMapping(PositionEvent position, Mt5SignalMapping mapping, ProcessorContext context)
    {
        var now = context.Time.GetUtcNow();
        context.Store<Mt5SignalMapping>(PositionEventProcessor.MappingsStore).Put(position.Key, mapping with { LastKnownProfit = position.Profit, ClosedAt = now, UpdatedAt = now });
        metrics.KafkaRecord("mapping");
    }
}
