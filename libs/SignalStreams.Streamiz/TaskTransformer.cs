using SignalStreams.Kafka;
using Streamiz.Kafka.Net.Processors.Public;

namespace SignalStreams.Streamiz;

/// <summary>Adapts an <see cref="IStreamTask"/> to Streamiz's transformer; one instance per task.</summary>
internal sealed class TaskTransformer : ITransformer<string, byte[], string, Outgoing>
{
    private readonly Func<IStreamTask>? _create;
    private readonly StreamsRuntime? _runtime;
    private IStreamTask? _task;
    private StreamTaskContext? _context;

    /// <summary>Only for Streamiz's <c>new()</c> constraint; it builds each task's instance with the other constructor.</summary>
    public TaskTransformer()
    {
    }

    public TaskTransformer(Func<IStreamTask> create, StreamsRuntime runtime)
    {
        _create = create;
        _runtime = runtime;
    }

    public void Init(ProcessorContext<string, Outgoing> context)
    {
        _context = new StreamTaskContext(context, _runtime ?? throw new InvalidOperationException("TaskTransformer needs its factory."));
        _task = _create!();
        _task.Init(_context);
        _runtime.OwnedPartitions.TryAdd(_context.Partition, 0);
    }

    public Record<string, Outgoing>? Process(Record<string, byte[]> record)
    {
        // Continues the trace of the record's producer, so what the task sends carries it on (traceparent).
        using var activity = KafkaTracing.StartConsumeActivity(record.TopicPartitionOffset, record.Headers);
        _task!.Process(_context!, record);

        // Everything was forwarded through the context; nothing more to emit.
        return null;
    }

    public void Close()
    {
        if (_context is not null)
        {
            _runtime!.OwnedPartitions.TryRemove(_context.Partition, out _);
        }

        _task?.Close();
    }
}
