using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;

namespace SignalStreams.Kafka;

/// <summary>
/// W3C trace context across Kafka: a produce activity whose id goes into the record's <c>traceparent</c> header
/// (see <see cref="RecordHeaders.AddTraceContext"/>), and a consume activity that continues that trace, so a signal
/// can be followed from the HTTP publish through the router to the executor's log line.
/// Activities exist only while something listens to <see cref="SourceName"/> (the service defaults do).
/// </summary>
public static class KafkaTracing
{
    /// <summary>Name of the activity source (and of the OpenTelemetry source to export).</summary>
    public const string SourceName = "SignalStreams.Kafka";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts a producer span for a record about to be written to <paramref name="topic"/> and, when
    /// <paramref name="headers"/> are given, writes its trace context into them. Dispose it once the delivery is
    /// acknowledged (or failed).
    /// </summary>
    public static Activity? StartProduceActivity(string topic, Headers? headers = null)
    {
        var activity = Source.StartActivity($"send {topic}", ActivityKind.Producer);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", topic);
        }

        if (headers is not null)
        {
            if (activity is not null)
            {
                // The new span is the parent of whatever consumes this record.
                headers.Remove(RecordHeaders.TraceParent);
                headers.Remove(RecordHeaders.TraceState);
            }

            RecordHeaders.AddTraceContext(headers);
        }

        return activity;
    }

    /// <summary>
    /// Starts a consumer span for one record: a child of the producer's span when the record carries a valid
    /// <c>traceparent</c>, otherwise the root of a new trace (never a child of whatever happened to be current on
    /// the consume thread). Dispose it when the record is processed; Activity.Current then returns to the span's
    /// parent, which for a new trace is none.
    /// </summary>
    public static Activity? StartConsumeActivity<TKey, TValue>(ConsumeResult<TKey, TValue> result, string? consumerGroup = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return StartConsumeActivity(result.TopicPartitionOffset, result.Message?.Headers, consumerGroup);
    }

    /// <summary>The same for a record known by its position and headers (e.g. a Streamiz record).</summary>
    public static Activity? StartConsumeActivity(TopicPartitionOffset record, Headers? headers, string? consumerGroup = null)
    {
        var traceParent = RecordHeaders.GetString(headers, RecordHeaders.TraceParent);
        var traceState = RecordHeaders.GetString(headers, RecordHeaders.TraceState);
        ActivityContext parent = default;
        var continues = traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out parent);

        // A default parent means "Activity.Current"; a record without context must start its own trace.
        var previous = Activity.Current;
        if (!continues)
        {
            Activity.Current = null;
        }

        var activity = Source.StartActivity($"process {record.Topic}", ActivityKind.Consumer, parent);
        if (activity is null)
        {
            Activity.Current = previous;
            return null;
        }

        activity.SetTag("messaging.system", "kafka");
        activity.SetTag("messaging.operation.type", "process");
        activity.SetTag("messaging.destination.name", record.Topic);
        activity.SetTag("messaging.destination.partition.id", record.Partition.Value.ToString(CultureInfo.InvariantCulture));
        activity.SetTag("messaging.kafka.offset", record.Offset.Value);
        if (consumerGroup is not null)
        {
            activity.SetTag("messaging.consumer.group.name", consumerGroup);
        }

        return activity;
    }
}
