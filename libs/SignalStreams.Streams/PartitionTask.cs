using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace SignalStreams.Streams;

/// <summary>
/// Everything one partition number owns on this instance: its input partitions' buffered records, its stores,
/// its timers and its commit watermarks. It restores first, then processes; on revoke it drains, on loss it aborts.
/// </summary>
internal sealed class PartitionTask : IDisposable
{
    private readonly Channel<ConsumeResult<string?, byte[]?>> _buffer = Channel.CreateUnbounded<ConsumeResult<string?, byte[]?>>();
    private readonly Dictionary<string, OffsetWatermark> _watermarks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IChangelogStore> _stores;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskRuntime _runtime;
    private readonly RecordExecutor _executor;
    private readonly List<Task> _punctuations = [];
    private readonly SemaphoreSlim _inFlight;
    private readonly DeliveryRetrier _retrier;
    private readonly ILogger _logger;
    private Task _run = Task.CompletedTask;
    private volatile bool _restored;

    public PartitionTask(int partition, TaskRuntime runtime)
    {
        Partition = partition;
        _runtime = runtime;
        _logger = runtime.Logger;
        _inFlight = new SemaphoreSlim(runtime.Options.MaxInFlightPerPartition);
        _retrier = new DeliveryRetrier(runtime.Logger, runtime.Time, _abort.Token);
        var writer = new ChangelogWriter(runtime.Producer, _retrier);
        _stores = runtime.Options.Stores.ToDictionary(s => s.Name, s => s.Create(partition, writer, runtime.Time), StringComparer.Ordinal);
        _executor = new RecordExecutor(runtime.Processor, NewContext, runtime.DeadLetters, runtime.Options, runtime.Metrics, runtime.Time, runtime.Logger);
    }

    public int Partition { get; }

    public bool IsRestored => _restored;

    /// <summary>Fetched records waiting for this task.</summary>
    public int Buffered => _buffer.Reader.Count;

    /// <summary>The run loop's outcome, for tests and health.</summary>
    public Task Completion => _run;

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>Queues a fetched record; called only from the consume thread.</summary>
    public void Enqueue(ConsumeResult<string?, byte[]?> result)
    {
        lock (_watermarks)
        {
            if (!_watermarks.ContainsKey(result.Topic))
            {
                _watermarks[result.Topic] = new OffsetWatermark();
            }
        }

        _buffer.Writer.TryWrite(result);
    }

    /// <summary>Offsets below which every record of this task is done, where they moved since the last commit.</summary>
    public List<TopicPartitionOffset> Committable()
    {
        lock (_watermarks)
        {
            return _watermarks
                .Select(w => (w.Key, Offset: w.Value.Committable()))
                .Where(w => w.Offset is not null)
                .Select(w => new TopicPartitionOffset(w.Key, Partition, w.Offset!.Value))
                .ToList();
        }
    }

    public void MarkCommitted(IEnumerable<TopicPartitionOffset> offsets)
    {
        lock (_watermarks)
        {
            foreach (var offset in offsets.Where(o => o.Partition.Value == Partition))
            {
                if (_watermarks.TryGetValue(offset.Topic, out var watermark))
                {
                    watermark.Committed(offset.Offset.Value);
                }
            }
        }
    }

    /// <summary>
    /// Revocation: stop taking records, let running ones finish (cancelled after the drain timeout), stop timers.
    /// The caller commits <see cref="Committable"/> afterwards.
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        await _stop.CancelAsync();
        _buffer.Writer.TryComplete();
        var finished = await Task.WhenAny(_run, Task.Delay(timeout)) == _run;
        if (finished)
        {
            await WhenAllDeliveredAsync(timeout);
        }

        if (!finished)
        {
            _logger.LogWarning("Partition {Partition} did not finish its records within {Timeout} s; cancelling them (they stay uncommitted)", Partition, timeout.TotalSeconds);
            await _abort.CancelAsync();
            await Task.WhenAny(_run, Task.Delay(timeout));
        }

        await _abort.CancelAsync();
        await Task.WhenAny(Task.WhenAll(_punctuations), Task.Delay(timeout));
    }

    /// <summary>Loss or crash: cancel everything now; nothing of this task is committed any more.</summary>
    public void Abort()
    {
        _stop.Cancel();
        _abort.Cancel();
        _buffer.Writer.TryComplete();
    }

    /// <summary>
    /// Aborts. The token sources are not disposed: abandoned records and timers may still look at them while they
    /// wind down, and sources without timers hold nothing that needs releasing.
    /// </summary>
    public void Dispose() => Abort();

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        try
        {
            var restored = await _runtime.Restorer.RestoreAsync(_runtime.Options.ApplicationId, _stores.Values, stop);
            _restored = true;
            _logger.LogInformation("Partition {Partition} restored {Records} changelog records; processing starts", Partition, restored);
            var taskContext = new TaskContext(Partition, _stores, _runtime.Time);
            await _runtime.Processor.InitAsync(taskContext, stop);
            StartTimers(taskContext);
            await ProcessAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Revoked or lost while restoring or waiting for records.
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "Partition {Partition} task failed", Partition);
            throw;
        }
    }

    private async Task ProcessAsync(CancellationToken stop)
    {
        var concurrent = _runtime.Options.MaxConcurrentKeysPerPartition > 1;
        var dispatcher = new KeyOrderedDispatcher(_runtime.Options.MaxConcurrentKeysPerPartition, ExecuteAsync, stop);
        try
        {
            await foreach (var result in _buffer.Reader.ReadAllAsync(stop))
            {
                // Released when the record's deliveries are acknowledged: bounds memory and the producer queue.
                await _inFlight.WaitAsync(stop);
                Dispatched(result);
                var record = new StreamRecord(result);
                await (concurrent ? dispatcher.DispatchAsync(record) : ExecuteAsync(record));
            }
        }
        finally
        {
            await dispatcher.WhenIdleAsync();
        }
    }

    /// <summary>Runs one record; its offset completes once its deliveries are acknowledged.</summary>
    private async Task ExecuteAsync(StreamRecord record)
    {
        Task? delivered = null;
        try
        {
            // After a stop, queued records are left unprocessed (and uncommitted) for the next owner.
            if (!_stop.IsCancellationRequested)
            {
                delivered = await _executor.ExecuteAsync(record, _stop.Token, _abort.Token);
            }
        }
        finally
        {
            if (delivered is null)
            {
                _inFlight.Release();
            }
        }

        if (delivered is not null)
        {
            _ = CompleteWhenDeliveredAsync(record, delivered);
        }
    }

    private async Task CompleteWhenDeliveredAsync(StreamRecord record, Task delivered)
    {
        try
        {
            await delivered;
            lock (_watermarks)
            {
                _watermarks[record.Topic].Completed(record.Offset);
            }
        }
        catch (Exception e)
        {
            // Only an abort stops a delivery; the record stays uncommitted for the next owner.
            _logger.LogDebug(e, "Delivery of {Record} abandoned", record.ToString());
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private async Task WhenAllDeliveredAsync(TimeSpan timeout)
    {
        var deadline = _runtime.Time.GetUtcNow() + timeout;
        while (_inFlight.CurrentCount < _runtime.Options.MaxInFlightPerPartition && _runtime.Time.GetUtcNow() < deadline)
        {
            await Task.Delay(10);
        }
    }

    private void Dispatched(ConsumeResult<string?, byte[]?> result)
    {
        lock (_watermarks)
        {
            _watermarks[result.Topic].Dispatched(result.Offset.Value);
        }
    }

    private ProcessorContext NewContext(DeliveryScope scope) => new(Partition, _stores, scope, _runtime.Writer, _retrier, _runtime.Time);

    private void StartTimers(TaskContext context)
    {
        var punctuations = context.Punctuations.ToList();
        if (_stores.Values.Any())
        {
            punctuations.Add(new Punctuation(_runtime.Options.RetentionSweepInterval, SweepExpiredAsync));
        }

        foreach (var punctuation in punctuations)
        {
            _punctuations.Add(Task.Run(() => RunTimerAsync(punctuation)));
        }
    }

    private async Task RunTimerAsync(Punctuation punctuation)
    {
        using var timer = new PeriodicTimer(punctuation.Interval, _runtime.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var scope = new DeliveryScope();
                try
                {
                    await punctuation.Callback(NewContext(scope), _abort.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogError(e, "A timer of partition {Partition} failed ({Reason}); it runs again at its next tick", Partition, e.Message);
                }
                finally
                {
                    await scope.WhenDeliveredAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The task is stopping.
        }
    }

    private Task SweepExpiredAsync(ProcessorContext context, CancellationToken cancellationToken)
    {
        var scope = new DeliveryScope();
        var removed = _stores.Values.Sum(s => s.RemoveExpired(scope));
        if (removed > 0)
        {
            _logger.LogDebug("Partition {Partition} removed {Count} expired store entries", Partition, removed);
        }

        return scope.WhenDeliveredAsync();
    }
}
