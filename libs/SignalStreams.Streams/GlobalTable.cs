using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using SignalStreams.Kafka;

namespace SignalStreams.Streams;

/// <summary>
/// A read-only, in-memory copy of a compacted topic (every partition, no consumer group) that keeps following it:
/// last value per key wins, tombstones delete. <see cref="Loaded"/> completes once the table has caught up with the
/// end offsets that existed when it started (readiness depends on it). Malformed or invalid records go to the DLQ
/// and are skipped. <see cref="Changed"/> is raised on the table's reader thread for every applied change.
/// </summary>
public sealed class GlobalTable<T> : IDisposable
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _rows = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly KafkaClientFactory _clients;
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly Func<T, ValidationResult>? _validate;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly ILogger _logger;
    private volatile bool _stopping;
    private Thread? _thread;

    public GlobalTable(string topic, JsonTypeInfo<T> typeInfo, KafkaClientFactory clients, DeadLetterPublisher deadLetters, ILogger logger, Func<T, ValidationResult>? validate = null)
    {
        Topic = topic;
        _typeInfo = typeInfo;
        _clients = clients;
        _deadLetters = deadLetters;
        _logger = logger;
        _validate = validate;
    }

    public string Topic { get; }

    /// <summary>Completes when the table holds everything the topic held when the table started.</summary>
    public Task Loaded => _loaded.Task;

    public bool IsLoaded => _loaded.Task.IsCompletedSuccessfully;

    public int Count => _rows.Count;

    /// <summary>Raised for every applied change (key, old, new), after the table was updated.</summary>
    public event Action<GlobalTableChange<T>>? Changed;

    public bool TryGet(string key, [MaybeNullWhen(false)] out T value) => _rows.TryGetValue(key, out value);

    public T? Get(string key) => _rows.GetValueOrDefault(key);

    public IReadOnlyDictionary<string, T> Snapshot() => new Dictionary<string, T>(_rows, StringComparer.Ordinal);

    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("The table is already started.");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "global table " + Topic };
        _thread.Start();
    }

    public void Dispose()
    {
        _stopping = true;
        _thread?.Join();
        _loaded.TrySetCanceled();
    }

    private void Run()
    {
        try
        {
            var config = _clients.ConsumerConfig("global-table-" + Guid.NewGuid().ToString("N")[..8], "global-table-" + Topic);
            config.EnablePartitionEof = true;
            using var consumer = _clients.ConsumerBuilder(config).Build();
            var ends = EndOffsets(consumer);
            consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
            var pending = ends.Where(e => e.Value > 0).Select(e => e.Key.Partition.Value).ToHashSet();
            CheckLoaded(pending);
            while (!_stopping)
            {
                ConsumeResult<string?, byte[]?>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    _logger.LogWarning("Global table {Topic}: consume error {Reason}", Topic, e.Error.Reason);
                    continue;
                }

                if (result is null)
                {
                    continue;
                }

                if (!result.IsPartitionEOF)
                {
                    Apply(result);
                }

                // The end position counts, not the last record: transaction markers occupy offsets too.
                var position = result.IsPartitionEOF ? result.Offset.Value : result.Offset.Value + 1;
                if (pending.Count > 0 && position >= ends[result.TopicPartition])
                {
                    pending.Remove(result.Partition.Value);
                    CheckLoaded(pending);
                }
            }

            consumer.Close();
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "Global table {Topic} stopped: {Reason}", Topic, e.Message);
            _loaded.TrySetException(e);
        }
    }

    private Dictionary<TopicPartition, long> EndOffsets(IConsumer<string?, byte[]?> consumer)
    {
        using var admin = new AdminClientBuilder(_clients.AdminConfig("global-table-metadata")).Build();
        while (true)
        {
            try
            {
                var partitions = admin.GetMetadata(Topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions;
                if (partitions.Count == 0)
                {
                    throw new KafkaException(ErrorCode.UnknownTopicOrPart);
                }

                return partitions.Select(p => new TopicPartition(Topic, p.PartitionId))
                    .ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
            }
            catch (KafkaException e) when (!_stopping)
            {
                _logger.LogWarning("Global table {Topic} cannot read its end offsets yet ({Reason}); retrying", Topic, e.Error.Reason);
                Thread.Sleep(500);
            }
        }
    }

    private void CheckLoaded(HashSet<int> pending)
    {
        if (pending.Count == 0 && _loaded.TrySetResult())
        {
            _logger.LogInformation("Global table {Topic} loaded {Count} rows", Topic, _rows.Count);
        }
    }

    private void Apply(ConsumeResult<string?, byte[]?> result)
    {
        var key = result.Message.Key;
        string? problem = null;
        T? value = null;
        if (key is null)
        {
            problem = $"A record of {Topic} has no key.";
        }
        else if (result.Message.Value is { } bytes)
        {
            try
            {
                value = ContractJson.Deserialize(bytes, _typeInfo);
                var validation = _validate?.Invoke(value);
                problem = validation is { IsValid: false } ? validation.Describe() : null;
            }
            catch (JsonException e)
            {
                problem = $"Not a valid {typeof(T).Name}: {e.Message}";
            }
        }

        if (problem is not null)
        {
            DeadLetter(result, problem);
            return;
        }

        T? old;
        if (value is null)
        {
            _rows.TryRemove(key!, out old);
        }
        else
        {
            _rows.TryGetValue(key!, out old);
            _rows[key!] = value;
        }

        if (old is null && value is null)
        {
            return;
        }

        try
        {
            Changed?.Invoke(new GlobalTableChange<T>(key!, old, value));
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A change handler of global table {Topic} failed for {Key}", Topic, key);
        }
    }

    private void DeadLetter(ConsumeResult<string?, byte[]?> result, string problem)
    {
        try
        {
            _deadLetters.PublishAsync(result, problem).GetAwaiter().GetResult();
        }
        catch (ProduceException<string, byte[]> e)
        {
            // The table still skips the record; the log line is the operator's trace of it.
            _logger.LogError("Could not dead-letter {Topic}[{Partition}]@{Offset} ({Problem}): {Reason}", Topic, result.Partition.Value, result.Offset.Value, problem, e.Error.Reason);
        }
    }
}
