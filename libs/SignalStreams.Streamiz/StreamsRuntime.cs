using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using SignalStreams.Kafka;

namespace SignalStreams.Streamiz;

/// <summary>What every task of a process shares: topic names, the durability barrier, dead-letter accounting.</summary>
public sealed class StreamsRuntime
{
    private readonly Counter<long> _deadLettered;
    private readonly ILogger _logger;

    public StreamsRuntime(TopicNames topics, DurabilityBarrier barrier, IMeterFactory meterFactory, ILoggerFactory loggerFactory)
    {
        Topics = topics;
        Barrier = barrier;
        _deadLettered = meterFactory.Create(KafkaMetrics.MeterName)
            .CreateCounter<long>("signal_streams.dlq.records", unit: "{record}", description: "Records sent to a dead-letter topic.");
        _logger = loggerFactory.CreateLogger("SignalStreams.Streamiz.DeadLetters");
    }

    public TopicNames Topics { get; }

    public DurabilityBarrier Barrier { get; }

    /// <summary>The topics the application reads (its sources), for the lag gauge.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, byte> InputTopics { get; } = new(StringComparer.Ordinal);

    /// <summary>The input partitions this instance's tasks own right now (added at a task's init, removed at its close).</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<int, byte> OwnedPartitions { get; } = new();

    internal void DeadLettered(string topic, TopicPartitionOffset source, string error)
    {
        _deadLettered.Add(1, new KeyValuePair<string, object?>("topic", topic));
        _logger.LogWarning("Dead-lettered {Topic}[{Partition}]@{Offset} to {DeadLetterTopic}: {Error}", source.Topic, source.Partition.Value, source.Offset.Value, TopicNames.DeadLetterOf(topic), error);
    }
}
