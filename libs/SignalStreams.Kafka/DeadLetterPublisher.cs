using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;

namespace SignalStreams.Kafka;

/// <summary>
/// Sends a record that cannot be parsed or validated to <c>&lt;topic&gt;.dlq</c>, unchanged, with headers
/// <c>error</c> (a sentence), <c>source-topic</c>, <c>source-partition</c> and <c>source-offset</c>, so that
/// nothing is dropped silently and the consumer can move on.
/// </summary>
public sealed class DeadLetterPublisher
{
    private const int MaxErrorLength = 2000;

    private readonly IProducer<string, byte[]> _producer;
    private readonly ILogger<DeadLetterPublisher> _logger;
    private readonly Counter<long> _deadLettered;

    public DeadLetterPublisher(IProducer<string, byte[]> producer, ILogger<DeadLetterPublisher> logger, IMeterFactory meterFactory)
    {
        _producer = producer;
        _logger = logger;
        _deadLettered = meterFactory.Create(KafkaMetrics.MeterName)
            .CreateCounter<long>("signal_streams.dlq.records", unit: "{record}", description: "Records sent to a dead-letter topic.");
    }

    public Task<DeliveryResult<string, byte[]>> PublishAsync(ConsumeResult<string?, byte[]?> record, string error, CancellationToken cancellationToken = default) =>
        PublishAsync(record.TopicPartitionOffset, record.Message.Key, record.Message.Value, record.Message.Headers, error, cancellationToken);

    /// <summary>
    /// The headers of a dead letter: the original ones plus <c>error</c> (the sentence, at most 2,000 characters),
    /// <c>source-topic</c>, <c>source-partition</c>, <c>source-offset</c>. Also used by the Streamiz tasks' DLQ.
    /// </summary>
    public static (Headers Headers, string Sentence) DeadLetterHeaders(TopicPartitionOffset source, Headers? originalHeaders, string error)
    {
        var headers = new Headers();
        if (originalHeaders is not null)
        {
            foreach (var header in originalHeaders)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        var sentence = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        RecordHeaders.Set(headers, RecordHeaders.Error, sentence);
        RecordHeaders.Set(headers, RecordHeaders.SourceTopic, source.Topic);
        RecordHeaders.Set(headers, RecordHeaders.SourcePartition, RecordHeaders.ToInvariant(source.Partition.Value));
        RecordHeaders.Set(headers, RecordHeaders.SourceOffset, RecordHeaders.ToInvariant(source.Offset.Value));
        return (headers, sentence);
    }

    public async Task<DeliveryResult<string, byte[]>> PublishAsync(TopicPartitionOffset source, string? key, byte[]? value, Headers? originalHeaders, string error, CancellationToken cancellationToken = default)
    {
        var (headers, sentence) = DeadLetterHeaders(source, originalHeaders, error);

        var dlq = TopicNames.DeadLetterOf(source.Topic);
        var result = await _producer.ProduceAsync(dlq, new Message<string, byte[]> { Key = key!, Value = value!, Headers = headers }, cancellationToken);
        _deadLettered.Add(1, new KeyValuePair<string, object?>("topic", source.Topic));
        _logger.LogWarning("Dead-lettered {Topic}[{Partition}]@{Offset} to {DeadLetterTopic}: {Error}", source.Topic, source.Partition.Value, source.Offset.Value, dlq, sentence);
        return result;
    }
}
