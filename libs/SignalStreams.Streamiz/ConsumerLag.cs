using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SignalStreams.Kafka;

namespace SignalStreams.Streamiz;

/// <summary>
/// <c>signal_streams_streams_lag{application, topic, partition}</c>: records between the application's committed
/// offset and the end of each input partition this instance owns, measured every 15 s by a consumer that never
/// joins the group (it only reads the group's committed offsets). The alert <c>SignalStreamsConsumerLagGrowing</c>
/// reads it. Streamiz has its own librdkafka statistics; this gauge keeps the project's name and labels.
/// </summary>
internal sealed class ConsumerLag : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<(string Topic, int Partition), long> _lag = new();
    private readonly StreamsRuntime _runtime;
    private readonly string _application;
    private readonly ILogger _logger;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly Timer _timer;
    private int _measuring;

    public ConsumerLag(string groupId, string application, StreamsRuntime runtime, KafkaClientFactory clients, IMeterFactory meterFactory, ILogger logger)
    {
        _runtime = runtime;
        _application = application;
        _logger = logger;
        var config = clients.ConsumerConfig(groupId, groupId + "-lag");
        _consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        meterFactory.Create(StreamsHost.MeterName).CreateObservableGauge(
            "signal_streams.streams.lag",
            Observe,
            "{record}",
            "Records between the committed offset and the end of an input partition this instance owns.");
        _timer = new Timer(_ => Measure(), null, Interval, Interval);
    }

    public void Dispose()
    {
        _timer.Dispose();
        _consumer.Close();
        _consumer.Dispose();
    }

    private IEnumerable<Measurement<long>> Observe() =>
        _lag.Select(e => new Measurement<long>(
            e.Value,
            new KeyValuePair<string, object?>("application", _application),
            new KeyValuePair<string, object?>("topic", BaseName(e.Key.Topic)),
            new KeyValuePair<string, object?>("partition", e.Key.Partition)));

    private void Measure()
    {
        if (Interlocked.Exchange(ref _measuring, 1) == 1)
        {
            return;
        }

        try
        {
            var owned = _runtime.InputTopics.Keys
                .SelectMany(topic => _runtime.OwnedPartitions.Keys.Select(partition => new TopicPartition(topic, partition)))
                .ToList();
            foreach (var stale in _lag.Keys.Where(k => !owned.Any(o => o.Topic == k.Topic && o.Partition.Value == k.Partition)).ToList())
            {
                _lag.TryRemove(stale, out _);
            }

            if (owned.Count == 0)
            {
                return;
            }

            var committed = _consumer.Committed(owned, TimeSpan.FromSeconds(5));
            foreach (var position in committed)
            {
                var end = _consumer.QueryWatermarkOffsets(position.TopicPartition, TimeSpan.FromSeconds(5)).High.Value;
                var from = position.Offset.Value >= 0 ? position.Offset.Value : 0;
                _lag[(position.Topic, position.Partition.Value)] = Math.Max(0, end - from);
            }
        }
        catch (KafkaException e)
        {
            _logger.LogDebug("Consumer lag not measured this time: {Reason}", e.Error.Reason);
        }
        finally
        {
            Interlocked.Exchange(ref _measuring, 0);
        }
    }

    private string BaseName(string topic) =>
        _runtime.Topics.Prefix.Length > 0 && topic.StartsWith(_runtime.Topics.Prefix, StringComparison.Ordinal) ? topic[_runtime.Topics.Prefix.Length..] : topic;
}
