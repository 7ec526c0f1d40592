using SignalStreams.Contracts;
using SignalStreams.Streams;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// Runs on <c>mt5-position-events</c>, partitioned by position, so one owner sees every event of a position in
/// order. Two changelogged stores: the mappings (changelog <c>mt5-signal-mappings</c>) and the Telegram mappings
/// (changelog <c>telegram-mappings</c>). A duplicate of an event that is already processing or completed is
/// answered from the store: no write, no Redis call, no Telegram call, debug log only.
/// </summary>
public sealed class PositionEventProcessor(PositionOpener opener, PositionMessageUpdater updater, Mt5IngestMetrics metrics, ILogger<PositionEventProcessor> logger) : IRecordProcessor
{
    public const string MappingsStore = "mt5-signal-mappings";
    public const string TelegramStore = "telegram-mappings";

    public async Task ProcessAsync(StreamRecord record, ProcessorContext context, CancellationToken cancellationToken)
    {
        var position = record.Read(ContractsJsonContext.Default.PositionEvent, e => e.Validate());
        if (record.Key != position.Key)
        {
            throw new PoisonRecordException($"Record {record} is keyed '{record.Key}' but its event is for position {position.Key}; mt5-position-events is keyed {{accountId}}:{{positionId}}.");
        }

        var mapping = context.Store<Mt5SignalMapping>(MappingsStore).Get(position.Key);
        if (mapping?.ClosedAt is not null)
        {
            metrics.Duplicate();
            logger.LogDebug("Event {EventId} for closed position {PositionKey} changes nothing", position.EventId, position.Key);
            return;
        }

        if (position.EventType == PositionEventType.Removed)
        {
            await updater.CloseAsync(position, mapping, context, cancellationToken);
            return;
        }

        if (mapping is null or { Status: not MappingStatus.Completed })
        {
            await opener.OpenAsync(position, mapping, context, cancellationToken);
            return;
        }

        await updater.UpdateAsync(position, mapping, context, cancellationToken);
    }
}
