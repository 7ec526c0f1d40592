using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SignalStreams.Kafka;

namespace SignalStreams.Streams;

/// <summary>
/// Runs a processor on one record until it completes: success (outputs delivered), or a poison record sent to the
/// DLQ. Any other failure is logged with its reason and retried with capped exponential backoff; a record is never
/// skipped. Returns false only when the task is stopping or aborted, leaving the record uncommitted.
/// </summary>
internal sealed class RecordExecutor(
    IRecordProcessor processor,
    Func<DeliveryScope, ProcessorContext> contextFactory,
    DeadLetterPublisher deadLetters,
    StreamProcessorOptions options,
    StreamsMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>
    /// Processes the record; returns a task that completes when its store writes and outputs are acknowledged, or
    /// null when the task stopped before the record was done (it stays uncommitted).
    /// </summary>
    public async Task<Task?> ExecuteAsync(StreamRecord record, CancellationToken stop, CancellationToken abort)
    {
        // Continues the producer's trace (traceparent header), so outputs and log lines carry the same trace id.
        using var activity = KafkaTracing.StartConsumeActivity(record.Result, options.ApplicationId);
        var delay = options.RetryInitialDelay;
        var tag = new KeyValuePair<string, object?>("topic", record.Topic);
        for (var attempt = 1; ; attempt++)
        {
            var scope = new DeliveryScope();
            string? poison = null;
            try
            {
                await processor.ProcessAsync(record, contextFactory(scope), abort);
                metrics.Processed.Add(1, tag);
                return scope.WhenDeliveredAsync();
            }
            catch (PoisonRecordException e)
            {
                poison = e.Message;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e)
            {
                // Writes made before the failure are in memory already and are delivered anyway; the retry sees them.
                metrics.Retried.Add(1, tag);
                logger.LogWarning(e, "Processing {Record} failed on attempt {Attempt} ({Reason}); retrying in {Delay} ms", record.ToString(), attempt, e.Message, delay.TotalMilliseconds);
            }

            if (poison is not null)
            {
                try
                {
                    await deadLetters.PublishAsync(record.Result, poison, abort);
                    metrics.DeadLettered.Add(1, tag);
                    metrics.Processed.Add(1, tag);
                    return scope.WhenDeliveredAsync();
                }
                catch (ProduceException<string, byte[]> e)
                {
                    logger.LogWarning("Dead-lettering {Record} failed ({Reason}); retrying in {Delay} ms", record.ToString(), e.Error.Reason, delay.TotalMilliseconds);
                }
            }

            try
            {
                await Task.Delay(delay, time, stop);
            }
            catch (OperationCanceledException)
            {
                logger.LogInformation("Stopped retrying {Record}: the partition is being handed over; its next owner processes it", record.ToString());
                return null;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.RetryMaxDelay.Ticks));
        }
    }
}
