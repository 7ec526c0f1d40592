using Confluent.Kafka;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Streams;
using SignalStreams.Telegram;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// The channel message of a position and its <c>telegram-mappings</c> record. The message is sent at most once:
/// the first send follows a flushed <c>completed</c> mapping, a retry after <c>failed</c> first writes and flushes an
/// <c>unknown</c> marker, and an instance that finds <c>completed</c> without a Telegram mapping (it was stopped
/// between sending and recording) records <c>unknown</c> instead of sending again.
/// </summary>
public sealed class TelegramSender(
    ITelegramBotClient telegram,
    IOptions<TelegramOptions> telegramOptions,
    PositionMessageFormatter formatter,
    MessageEditThrottle throttle,
    ContractRecordWriter writer,
    TopicNames topics,
    Mt5IngestMetrics metrics,
    ILogger<TelegramSender> logger)
{
    public async Task SendAsync(PositionEvent position, Mt5SignalMapping mapping, ProcessorContext context, bool markFirst, CancellationToken cancellationToken)
    {
        var key = position.Key;
        var telegrams = context.Store<TelegramMapping>(PositionEventProcessor.TelegramStore);
        var chatId = telegramOptions.Value.ChatId;
        var text = formatter.Format(PositionMessageKind.Opened, position, mapping.SignalId, mapping.Pair);
        if (markFirst)
        {
            telegrams.Put(key, Record(mapping, chatId, TelegramDeliveryStatus.Unknown, null, context));
            metrics.KafkaRecord("telegram_mapping");
            await context.FlushAsync();
        }

        TelegramResult result;
        try
        {
            result = await telegram.SendMessageAsync(chatId, text, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await RecordNotSentAsync(mapping, chatId, context);
            return;
        }

        metrics.TelegramCall("sendMessage", Outcome(result));
        var messageId = (result as TelegramResult.Sent)?.MessageId;
        telegrams.Put(key, Record(mapping, chatId, result.DeliveryStatus, messageId, context));
        metrics.KafkaRecord("telegram_mapping");
        switch (result)
        {
            case TelegramResult.Sent:
                throttle.Shown(key, text);
                break;
            case TelegramResult.Unknown unknown:
                metrics.TelegramUnknown("send");
                logger.LogWarning("The channel message of position {PositionKey} may or may not have reached Telegram ({Reason}); mapping unknown, it is never resent", key, unknown.Reason);
                break;
            case TelegramResult.Failed failed:
                logger.LogWarning("Telegram refused the channel message of position {PositionKey} ({Code}: {Description}); mapping failed, the next event retries", key, failed.ErrorCode, failed.Description);
                break;
        }
    }

    /// <summary>Edits the message to <paramref name="text"/> if it was sent; false when nothing was shown.</summary>
    public async Task<bool> EditAsync(string positionKey, TelegramMapping mapping, string text, CancellationToken cancellationToken)
    {
        if (mapping is not { Status: TelegramDeliveryStatus.Sent, MessageId: { } messageId })
        {
            return false;
        }

        var result = await telegram.EditMessageTextAsync(mapping.ChatId, messageId, text, cancellationToken);
        metrics.TelegramCall("editMessageText", Outcome(result));
        if (result.IsSuccess)
        {
            throttle.Shown(positionKey, text);
            return true;
        }

        // An edit is idempotent: an unknown or failed one is simply superseded by the next.
        logger.LogWarning("Editing the channel message of position {PositionKey} did not succeed ({Outcome})", positionKey, Outcome(result));
        return false;
    }

    /// <summary>
    /// The kill window: the mapping is completed but no Telegram mapping exists, so an earlier run may have sent the
    /// message and stopped before recording it. Record <c>unknown</c> (operator alert), never send again.
    /// </summary>
    public TelegramMapping RecordInterrupted(Mt5SignalMapping mapping, ProcessorContext context)
    {
        var record = Record(mapping, telegramOptions.Value.ChatId, TelegramDeliveryStatus.Unknown, null, context);
        context.Store<TelegramMapping>(PositionEventProcessor.TelegramStore).Put(mapping.Key, record);
        metrics.KafkaRecord("telegram_mapping");
        metrics.TelegramUnknown("interrupted");
        logger.LogWarning("Position {PositionKey} is completed without a Telegram mapping: an earlier run stopped between sending and recording; mapping unknown, the message is never resent", mapping.Key);
        return record;
    }

    /// <summary>
    /// The client throws only while the request has not left (rate-limit or 429 wait), e.g. when a rebalance or a
    /// stop cancels the task: known NOT sent, so <c>failed</c> (the next event sends it) rather than <c>unknown</c>.
    /// The task's own writes are abandoned once it is cancelled, so this record goes straight to the changelog
    /// partition, where the next owner restores it from.
    /// </summary>
    private async Task RecordNotSentAsync(Mt5SignalMapping mapping, string chatId, ProcessorContext context)
    {
        var record = Record(mapping, chatId, TelegramDeliveryStatus.Failed, null, context);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await writer.WriteAsync(new TopicPartition(topics.TelegramMappings, context.Partition), mapping.Key, record, ContractsJsonContext.Default.TelegramMapping, SchemaNames.TelegramMapping, timeout.Token);
            metrics.KafkaRecord("telegram_mapping");
            logger.LogInformation("The channel message of position {PositionKey} was not sent before its task stopped; mapping failed, the next event sends it", mapping.Key);
        }
        catch (Exception e) when (e is ProduceException<string, byte[]> or OperationCanceledException)
        {
            // Then the next owner finds completed without a Telegram mapping and records unknown: never a duplicate.
            logger.LogWarning("The channel message of position {PositionKey} was not sent and could not be recorded as failed ({Reason}); the next owner will record it as unknown", mapping.Key, e.Message);
        }

        throw new OperationCanceledException("The position's task was cancelled before its message was sent.");
    }

    private static TelegramMapping Record(Mt5SignalMapping mapping, string chatId, TelegramDeliveryStatus status, long? messageId, ProcessorContext context)
    {
        var now = context.Time.GetUtcNow();
        return new TelegramMapping
        {
            AccountId = mapping.AccountId,
            PositionId = mapping.PositionId,
            SignalId = mapping.SignalId,
            ChatId = chatId,
            MessageId = messageId,
            Status = status,
            SentAt = messageId is null ? null : now,
            UpdatedAt = now,
        };
    }

    private static string Outcome(TelegramResult result) => result switch
    {
        TelegramResult.Sent => "sent",
        TelegramResult.Edited => "edited",
        TelegramResult.NotModified => "not_modified",
        TelegramResult.Failed => "failed",
        _ => "unknown",
    };
}
