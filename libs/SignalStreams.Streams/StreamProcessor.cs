using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SignalStreams.Kafka;

namespace SignalStreams.Streams;

/// <summary>
/// One instance of a partitioned processor: joins the consumer group on the input topics and runs one
/// <see cref="PartitionTask"/> per assigned partition number. The blocking consume loop has its own thread; rebalance
/// handlers run on it. <see cref="StopAsync"/> drains, commits and leaves the group; <see cref="Dispose"/> without a
/// stop abandons everything uncommitted, as a crash would.
/// </summary>
public sealed class StreamProcessor : IDisposable
{
    private readonly StreamProcessorOptions _options;
    private readonly KafkaClientFactory _clients;
    private readonly IProgressCommitter _committer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IProducer<string, byte[]> _producer;
    private readonly TaskRuntime _runtime;
    private readonly TaskAssignment _assignment;
    private readonly HashSet<int> _paused = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private volatile bool _stopping;
    private volatile bool _graceful;
    private int _disposed;
    private DateTimeOffset _nextCommit;

    public StreamProcessor(
        StreamProcessorOptions options,
        IRecordProcessor processor,
        KafkaClientFactory clients,
        ILoggerFactory loggerFactory,
        IMeterFactory meterFactory,
        TimeProvider? timeProvider = null,
        IProgressCommitter? committer = null)
    {
        options.Validate();
        _options = options;
        _clients = clients;
        _committer = committer ?? ConsumerOffsetCommitter.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger("SignalStreams.Streams." + options.ApplicationId);
        _producer = clients.CreateProducer(options.ApplicationId + "-producer");
        var deadLetters = new DeadLetterPublisher(_producer, loggerFactory.CreateLogger<DeadLetterPublisher>(), meterFactory);
        var metrics = new StreamsMetrics(meterFactory);
        _runtime = new TaskRuntime(
            options, processor, _producer, new ContractRecordWriter(_producer), deadLetters,
            new ChangelogRestorer(clients, deadLetters, metrics, _logger), metrics, _time, _logger);
        _assignment = new TaskAssignment(_runtime, _committer) { Dropped = OnDropped };
    }

    /// <summary>Partition numbers this instance owns right now.</summary>
    public IReadOnlyCollection<int> AssignedPartitions => _assignment.Numbers;

    /// <summary>True while the consume loop runs and every owned task has restored its stores (readiness).</summary>
    public bool IsReady => _thread is not null && Fault is null && !_stopped.Task.IsCompleted && _assignment.AllRestored;

    /// <summary>The error that stopped the consume loop, if any.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Completes when the consume loop has ended.</summary>
    public Task Stopped => _stopped.Task;

    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("The processor is already started.");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "consume " + _options.ApplicationId };
        _thread.Start();
    }

    /// <summary>Graceful stop: finishes running records, commits, leaves the group (Close).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _graceful = true;
        _stopping = true;
        if (_thread is not null)
        {
            await _stopped.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Without a prior <see cref="StopAsync"/> this behaves like a crash: nothing more is committed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_graceful)
        {
            _assignment.Abandoned = true;
        }

        _stopping = true;
        _thread?.Join();
        _assignment.AbandonAll();

        _producer.Dispose();
    }

    private void Run()
    {
        IConsumer<string?, byte[]?>? consumer = null;
        try
        {
            consumer = BuildConsumer();
            consumer.Subscribe(_options.InputTopics);
            _nextCommit = _time.GetUtcNow() + _options.CommitInterval;
            while (!_stopping)
            {
                Poll(consumer);
            }

            if (_graceful)
            {
                _assignment.RevokeAll(consumer);
                consumer.Close();
            }
        }
        catch (Exception e)
        {
            Fault = e;
            _logger.LogCritical(e, "The consume loop of {Application} stopped: {Reason}", _options.ApplicationId, e.Message);
        }
        finally
        {
            if (!_graceful || Fault is not null)
            {
                _assignment.AbandonAll();
            }

            consumer?.Dispose();
            _stopped.TrySetResult();
        }
    }

    private void Poll(IConsumer<string?, byte[]?> consumer)
    {
        try
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is not null && !result.IsPartitionEOF)
            {
                Route(consumer, result);
            }
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            _logger.LogWarning("Consume error on {Application}: {Code} {Reason}", _options.ApplicationId, e.Error.Code, e.Error.Reason);
        }

        if (_paused.Count > 0)
        {
            ResumeDrained(consumer);
        }

        if (_time.GetUtcNow() >= _nextCommit)
        {
            _assignment.CommitAll(consumer);
            ObserveLag(consumer);
            _nextCommit = _time.GetUtcNow() + _options.CommitInterval;
        }
    }

    private void Route(IConsumer<string?, byte[]?> consumer, ConsumeResult<string?, byte[]?> result)
    {
        var task = _assignment.Find(result.Partition.Value);
        if (task is null)
        {
            // Not committed either, so the partition's owner reads it again.
            _logger.LogWarning("Record {Topic}[{Partition}]@{Offset} arrived for a partition without a task; left for its owner", result.Topic, result.Partition.Value, result.Offset.Value);
            return;
        }

        task.Enqueue(result);
        if (task.Buffered >= _options.MaxBufferedRecordsPerPartition && _paused.Add(task.Partition))
        {
            consumer.Pause(InputPartitions(task.Partition));
        }
    }

    private void ResumeDrained(IConsumer<string?, byte[]?> consumer)
    {
        foreach (var partition in _paused.ToList())
        {
            var task = _assignment.Find(partition);
            if (task is null || task.Buffered <= _options.MaxBufferedRecordsPerPartition / 2)
            {
                _paused.Remove(partition);
                if (task is not null)
                {
                    consumer.Resume(InputPartitions(partition));
                }
            }
        }
    }

    private List<TopicPartition> InputPartitions(int partition) => _options.InputTopics.Select(t => new TopicPartition(t, partition)).ToList();

    private void OnDropped(int partition)
    {
        _paused.Remove(partition);
        foreach (var topic in _options.InputTopics)
        {
            _runtime.Metrics.ClearLag(_options.ApplicationId, topic, partition);
        }
    }

    private void ObserveLag(IConsumer<string?, byte[]?> consumer)
    {
        foreach (var assigned in consumer.Assignment)
        {
            var watermarks = consumer.GetWatermarkOffsets(assigned);
            var position = consumer.Position(assigned);
            if (watermarks.High.Value >= 0 && position.Value >= 0)
            {
                _runtime.Metrics.SetLag(_options.ApplicationId, assigned.Topic, assigned.Partition.Value, watermarks.High.Value - position.Value);
            }
        }
    }

    private IConsumer<string?, byte[]?> BuildConsumer()
    {
        var config = _clients.ConsumerConfig(_options.ApplicationId, _options.ApplicationId + "-consumer");
        config.PartitionAssignmentStrategy = _options.Assignment == AssignmentMode.CooperativeSticky
            ? PartitionAssignmentStrategy.CooperativeSticky
            : PartitionAssignmentStrategy.Range;
        foreach (var (key, value) in _options.ConsumerOverrides)
        {
            config.Set(key, value);
        }

        return _clients.ConsumerBuilder(config)
            .SetPartitionsAssignedHandler((_, partitions) => _assignment.OnAssigned(partitions))
            .SetPartitionsRevokedHandler((c, partitions) => _assignment.OnRevoked(c, partitions))
            .SetPartitionsLostHandler((_, partitions) => _assignment.OnLost(partitions))
            .Build();
    }
}
