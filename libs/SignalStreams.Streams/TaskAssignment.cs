using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace SignalStreams.Streams;

/// <summary>
/// The tasks an instance owns and what happens to them in a rebalance: assigned partitions get a task that restores
/// first; revoked ones drain their running records, commit and drop; lost ones drop without committing.
/// Handlers run on the consume thread (inside Consume), so commits here use the consumer safely.
/// </summary>
internal sealed class TaskAssignment(TaskRuntime runtime, IProgressCommitter committer)
{
    private readonly Dictionary<int, PartitionTask> _tasks = [];
    private readonly ILogger _logger = runtime.Logger;
    private readonly StreamProcessorOptions _options = runtime.Options;

    /// <summary>Set when the instance crashed or is disposed: handlers then neither start nor commit anything.</summary>
    public volatile bool Abandoned;

    /// <summary>Called with partition numbers whose task went away (to clear pause state and lag).</summary>
    public Action<int>? Dropped { get; set; }

    public IReadOnlyCollection<int> Numbers
    {
        get
        {
            lock (_tasks)
            {
                return _tasks.Keys.Order().ToList();
            }
        }
    }

    public bool AllRestored
    {
        get
        {
            lock (_tasks)
            {
                // A task whose run failed (e.g. the processor's InitAsync threw) is not ready either.
                return _tasks.Values.All(t => t.IsRestored && !t.Completion.IsFaulted);
            }
        }
    }

    public PartitionTask? Find(int partition)
    {
        lock (_tasks)
        {
            return _tasks.GetValueOrDefault(partition);
        }
    }

    public void OnAssigned(List<TopicPartition> partitions)
    {
        if (Abandoned)
        {
            return;
        }

        lock (_tasks)
        {
            foreach (var number in partitions.Select(p => p.Partition.Value).Distinct())
            {
                if (!_tasks.ContainsKey(number))
                {
                    var task = new PartitionTask(number, runtime);
                    _tasks[number] = task;
                    task.Start();
                }
            }
        }

        _logger.LogInformation("{Application} assigned {Partitions}; owns {Owned}", _options.ApplicationId, Describe(partitions), string.Join(",", Numbers));
    }

    public void OnRevoked(IConsumer<string?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        if (Abandoned)
        {
            return;
        }

        Drain(consumer, Take(partitions.Select(p => p.Partition.Value).ToHashSet()));
        _logger.LogInformation("{Application} revoked {Partitions}; drained and committed", _options.ApplicationId, Describe(partitions.Select(p => p.TopicPartition)));
    }

    public void OnLost(List<TopicPartitionOffset> partitions)
    {
        foreach (var task in Take(partitions.Select(p => p.Partition.Value).ToHashSet()))
        {
            task.Dispose();
            Dropped?.Invoke(task.Partition);
        }

        _logger.LogWarning("{Application} lost {Partitions}; their uncommitted records go to the new owner", _options.ApplicationId, Describe(partitions.Select(p => p.TopicPartition)));
    }

    /// <summary>Graceful stop: every task drains and commits.</summary>
    public void RevokeAll(IConsumer<string?, byte[]?> consumer)
    {
        var tasks = Take(null);
        Drain(consumer, tasks);
        _logger.LogInformation("{Application} drained and committed {Count} tasks before leaving the group", _options.ApplicationId, tasks.Count);
    }

    /// <summary>Crash or fatal error: every task stops now, nothing more is committed.</summary>
    public void AbandonAll()
    {
        Abandoned = true;
        foreach (var task in Take(null))
        {
            task.Dispose();
        }
    }

    public void CommitAll(IConsumer<string?, byte[]?> consumer)
    {
        List<PartitionTask> tasks;
        lock (_tasks)
        {
            tasks = _tasks.Values.ToList();
        }

        Commit(consumer, tasks);
    }

    private void Drain(IConsumer<string?, byte[]?> consumer, List<PartitionTask> tasks)
    {
        Task.WhenAll(tasks.Select(t => t.DrainAsync(_options.DrainTimeout))).GetAwaiter().GetResult();
        Commit(consumer, tasks);
        foreach (var task in tasks)
        {
            task.Dispose();
            Dropped?.Invoke(task.Partition);
        }
    }

    private void Commit(IConsumer<string?, byte[]?> consumer, IReadOnlyCollection<PartitionTask> tasks)
    {
        if (Abandoned)
        {
            return;
        }

        var offsets = tasks.SelectMany(t => t.Committable()).ToList();
        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            committer.Commit(consumer, offsets);
            foreach (var task in tasks)
            {
                task.MarkCommitted(offsets);
            }
        }
        catch (KafkaException e)
        {
            // The records stay done in memory and the commit is tried again next interval; a crash meanwhile only replays.
            _logger.LogWarning("Commit of {Count} offsets failed: {Code} {Reason}", offsets.Count, e.Error.Code, e.Error.Reason);
        }
    }

    private List<PartitionTask> Take(HashSet<int>? numbers)
    {
        lock (_tasks)
        {
            var taken = _tasks.Values.Where(t => numbers is null || numbers.Contains(t.Partition)).ToList();
            foreach (var task in taken)
            {
                _tasks.Remove(task.Partition);
            }

            return taken;
        }
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(",", partitions.Select(p => p.Topic + "[" + p.Partition.Value + "]"));
}
