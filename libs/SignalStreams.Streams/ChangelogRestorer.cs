using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SignalStreams.Kafka;

namespace SignalStreams.Streams;

/// <summary>
/// Rebuilds a task's stores from their changelog partitions: reads each from its start to the high watermark
/// found at the start (assign-based, no group), last value per key wins, tombstones delete. The dev cluster does
/// not compact, so every version is read and applied in order, exactly as a compacted topic would resolve them.
/// </summary>
internal sealed class ChangelogRestorer(KafkaClientFactory clients, DeadLetterPublisher deadLetters, StreamsMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    public async Task<long> RestoreAsync(string clientId, IReadOnlyCollection<IChangelogStore> stores, CancellationToken cancellationToken)
    {
        if (stores.Count == 0)
        {
            return 0;
        }

        var started = Stopwatch.GetTimestamp();
        var config = clients.ConsumerConfig(clientId + "-restore-" + Guid.NewGuid().ToString("N")[..8], clientId + "-restore");
        config.EnablePartitionEof = true;
        config.FetchMaxBytes = 50 * 1024 * 1024;
        using var consumer = clients.ConsumerBuilder(config).Build();
        long applied = 0;
        try
        {
            foreach (var store in stores)
            {
                applied += await RestoreOneAsync(consumer, store, cancellationToken);
            }
        }
        finally
        {
            consumer.Close();
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        metrics.RestoreDuration.Record(seconds);
        return applied;
    }

    private async Task<long> RestoreOneAsync(IConsumer<string?, byte[]?> consumer, IChangelogStore store, CancellationToken cancellationToken)
    {
        var partition = store.Changelog;
        var watermarks = await QueryAsync(consumer, partition, cancellationToken);
        if (watermarks.High.Value <= watermarks.Low.Value)
        {
            return 0;
        }

        var end = watermarks.High.Value;
        consumer.Assign(new TopicPartitionOffset(partition, watermarks.Low));
        long applied = 0;
        var position = watermarks.Low.Value;
        while (position < end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            position = result.Offset.Value + 1;
            if (result.Offset.Value >= end)
            {
                break;
            }

            await ApplyAsync(store, result, cancellationToken);
            applied++;
        }

        consumer.Unassign();
        metrics.Restored.Add(applied, new KeyValuePair<string, object?>("store", store.Name));
        logger.LogInformation("Restored store {Store} from {Topic}[{Partition}]: {Records} changelog records, {Entries} entries", store.Name, partition.Topic, partition.Partition.Value, applied, store.Count);
        return applied;
    }

    private async Task ApplyAsync(IChangelogStore store, ConsumeResult<string?, byte[]?> result, CancellationToken cancellationToken)
    {
        string? problem = null;
        if (result.Message.Key is null)
        {
            problem = "A changelog record without a key cannot be restored.";
        }
        else
        {
            try
            {
                store.ApplyRestored(result.Message.Key, result.Message.Value, result.Message.Headers);
            }
            catch (JsonException e)
            {
                problem = $"Changelog record of store {store.Name} is not valid JSON for the store: {e.Message}";
            }
        }

        if (problem is not null)
        {
            // The previous value of the key (if any) stays: a malformed version is skipped, never applied.
            await deadLetters.PublishAsync(result, problem, cancellationToken);
        }
    }

    private async Task<WatermarkOffsets> QueryAsync(IConsumer<string?, byte[]?> consumer, TopicPartition partition, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                return consumer.QueryWatermarkOffsets(partition, QueryTimeout);
            }
            catch (KafkaException e) when (!cancellationToken.IsCancellationRequested)
            {
                // Brokers unreachable or the topic missing: restore waits; processing must not start on partial state.
                logger.LogWarning("Cannot read the end of {Topic}[{Partition}] to restore ({Reason}); retrying in {Delay} ms", partition.Topic, partition.Partition.Value, e.Error.Reason, delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
