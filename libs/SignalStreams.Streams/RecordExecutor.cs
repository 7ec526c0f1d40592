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
    public async Task<bool> ExecuteAsync(StreamRecord record, CancellationToken stop, CancellationToken abort)
    {
        var delay = options.RetryInitialDelay;
        var tag = new KeyValuePair<string, object?>("topic", record.Topic);
        for (var attempt = 1; ; attempt++)
        {
            var scope = new DeliveryScope();
            try
            {
                try
                {
                    await processor.ProcessAsync(record, contextFactory(scope), abort);
                }
                finally
                {
                    // Writes made before a failure are in memory already: they must reach the changelog either way.
                    await scope.WhenDeliveredAsync();
                }

                metrics.Processed.Add(1, tag);
                return true;
            }
            catch (PoisonRecordException e)
            {
                await deadLetters.PublishAsync(record.Result, e.Message, abort);
                metrics.DeadLettered.Add(1, tag);
                metrics.Processed.Add(1, tag);
                return true;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e)
            {
                metrics.Retried.Add(1, tag);
                logger.LogWarning(e, "Processing {Record} failed on attempt {Attempt} ({Reason}); retrying in {Delay} ms", record.ToString(), attempt, e.Message, delay.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(delay, time, stop);
            }
            catch (OperationCanceledException)
            {
                logger.LogInformation("Stopped retrying {Record}: the partition is being handed over; its next owner processes it", record.ToString());
                return false;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.RetryMaxDelay.Ticks));
        }
    }
}
