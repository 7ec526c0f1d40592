using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace SignalStreams.Streams;

/// <summary>
/// Sends until the broker acknowledges (acks=all), retrying a failed delivery with capped backoff until the task is
/// aborted. A delivery therefore never fails while the task lives, which lets a record's offset complete as soon as
/// its deliveries do, without holding up the next record.
/// </summary>
internal sealed class DeliveryRetrier(ILogger logger, TimeProvider time, CancellationToken abort)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public CancellationToken Abort => abort;

    public async Task DeliverAsync(Func<CancellationToken, Task> send, string topic, string key)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await send(abort);
                return;
            }
            catch (ProduceException<string, byte[]> e) when (!abort.IsCancellationRequested)
            {
                logger.LogWarning("Delivery of {Key} to {Topic} failed ({Reason}); retrying in {Delay} ms", key, topic, e.Error.Reason, delay.TotalMilliseconds);
                await Task.Delay(delay, time, abort);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }
}
