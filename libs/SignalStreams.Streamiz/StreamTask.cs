using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace SignalStreams.Streamiz;

/// <summary>
/// What a service writes per task (= per input partition): it handles one record at a time on the task's stream
/// thread, reads and writes its stores, and sends records to any topic through the <see cref="StreamTaskContext"/>.
/// Offsets are committed after what it sent (and its stores' changelogs) are acknowledged: at-least-once, so
/// a record may be handled again after a crash and handling must be idempotent.
/// </summary>
public interface IStreamTask
{
    void Init(StreamTaskContext context);

    void Process(StreamTaskContext context, Record<string, byte[]> record);

    void Close()
    {
    }
}

/// <summary>The task's view of Streamiz: stores, timers, sends with the contract's headers, dead letters.</summary>
public sealed class StreamTaskContext
{
    private readonly ProcessorContext<string, Outgoing> _context;

    private readonly StreamsRuntime _runtime;

    internal StreamTaskContext(ProcessorContext<string, Outgoing> context, StreamsRuntime runtime)
    {
        _context = context;
        _runtime = runtime;
    }

    public TopicNames Topics => _runtime.Topics;

    /// <summary>Whether <paramref name="key"/> belongs to this task's partition (murmur2, as Java clients place it).</summary>
    public bool Owns(string key, int partitions) => Murmur2Partitioner.PartitionFor(key, partitions) == Partition;

    /// <summary>The task id, e.g. <c>0-3</c> (sub-topology 0, partition 3).</summary>
    public string TaskId => _context.Id.ToString();

    /// <summary>The input partition this task owns.</summary>
    public int Partition => _context.Id.Partition;

    /// <summary>The wall clock as Streamiz sees it.</summary>
    public DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(_context.WallClockTime);

    /// <summary>A key-value store of this task, registered with <see cref="StreamTopology.Store"/>.</summary>
    public IKeyValueStore<string, byte[]> Store(string name) =>
        _context.GetStateStore(name) as IKeyValueStore<string, byte[]>
        ?? throw new InvalidOperationException($"Store '{name}' is not connected to this task.");

    /// <summary>A global table's store (every partition of its topic, on every instance).</summary>
    public IReadOnlyKeyValueStore<string, ValueAndTimestamp<byte[]>> GlobalStore(string name) =>
        _context.GetStateStore(name) as IReadOnlyKeyValueStore<string, ValueAndTimestamp<byte[]>>
        ?? throw new InvalidOperationException($"Global store '{name}' is not registered.");

    /// <summary>Runs <paramref name="punctuate"/> on the task's thread every <paramref name="interval"/> of wall-clock time.</summary>
    public void Schedule(TimeSpan interval, Action<DateTimeOffset> punctuate) =>
        _context.Schedule(interval, PunctuationType.PROCESSING_TIME, ms => punctuate(DateTimeOffset.FromUnixTimeMilliseconds(ms)));

    /// <summary>Sends a contract record (JSON, header <c>schema</c>, the current trace context as <c>traceparent</c>).</summary>
    /// <remarks>
    /// A <c>partition</c> pins the record's partition; null leaves it to the producer (murmur2 of the key).
    /// </remarks>
    public void Send<T>(string topic, string key, T value, JsonTypeInfo<T> typeInfo, string schema, int? partition = null)
    {
        var headers = RecordHeaders.WithSchema(schema);
        RecordHeaders.AddTraceContext(headers);
        SendRaw(topic, key, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), headers, partition);
    }

    /// <summary>Sends a tombstone (compacted topics forget the key).</summary>
    public void SendTombstone(string topic, string key) => SendRaw(topic, key, null, []);

    /// <summary>Sends bytes as they are, with the given headers, timestamped now.</summary>
    /// <remarks>
    /// The producer places it by murmur2(key), as every contract client does; so re-sending a record that arrived
    /// on the wrong partition to its own topic puts it where it belongs.
    /// </remarks>
    public void SendRaw(string topic, string key, byte[]? value, Headers headers, int? partition = null)
    {
        _context.SetHeaders(headers);
        _context.ChangeTimestamp(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _context.Forward(key, new Outgoing(topic, value, partition));
    }

    /// <summary>
    /// Parses and validates a record's value; one that is empty, not JSON of <typeparamref name="T"/> or invalid is
    /// dead-lettered (<see cref="DeadLetter"/>) and false returned.
    /// </summary>
    public bool TryRead<T>(Record<string, byte[]> record, JsonTypeInfo<T> typeInfo, Func<T, ValidationResult>? validate, [NotNullWhen(true)] out T? value)
        where T : class
    {
        value = null;
        string problem;
        if (record.Value is null)
        {
            problem = $"The record has no value where a {typeof(T).Name} was expected.";
        }
        else
        {
            try
            {
                var parsed = ContractJson.Deserialize(record.Value, typeInfo);
                var result = validate?.Invoke(parsed) ?? ValidationResult.Ok;
                if (result.IsValid)
                {
                    value = parsed;
                    return true;
                }

                problem = $"The record is not a valid {typeof(T).Name}: {result.Describe()}";
            }
            catch (JsonException e)
            {
                problem = $"The record is not a valid {typeof(T).Name}: {e.Message}";
            }
        }

        DeadLetter(record, problem);
        return false;
    }

    /// <summary>
    /// The record cannot be parsed or validated: it goes to <c>&lt;topic&gt;.dlq</c> unchanged, with headers
    /// <c>error</c>, <c>source-topic</c>, <c>source-partition</c>, <c>source-offset</c>, and the task moves on.
    /// </summary>
    public void DeadLetter(Record<string, byte[]> record, string error)
    {
        var (headers, sentence) = DeadLetterPublisher.DeadLetterHeaders(record.TopicPartitionOffset, record.Headers, error);
        SendRaw(TopicNames.DeadLetterOf(record.TopicPartitionOffset.Topic), record.Key, record.Value, headers);
        _runtime.DeadLettered(record.TopicPartitionOffset.Topic, record.TopicPartitionOffset, sentence);
    }
}
