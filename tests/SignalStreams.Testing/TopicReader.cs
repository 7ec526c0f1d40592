using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using SignalStreams.Kafka;

namespace SignalStreams.Testing;

/// <summary>
/// The one way tests and benchmarks read a topic, in one of two modes, with the same typed helpers for contract records.
/// <see cref="Of"/> (and <see cref="ReadAll"/>) read what the topic holds now: every partition from the beginning to the
/// end offsets it has at each read, without a group. <see cref="Follow"/> follows the topic live from the beginning on a
/// background thread, so that a test can wait on what has arrived without re-reading the topic on every poll, and a
/// benchmark knows when each record arrived (<see cref="TopicRecord.Arrived"/>).
/// </summary>
public sealed class TopicReader : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly string _bootstrapServers;
    private readonly string _topic;
    private readonly TimeSpan _timeout;

    // Follow mode only: what has arrived, the consumer and the thread that reads it, and how to stop it.
    private readonly List<TopicRecord>? _arrivals;
    private readonly IConsumer<string?, byte[]?>? _consumer;
    private readonly Thread? _thread;
    private readonly CancellationTokenSource? _stop;

    private TopicReader(string bootstrapServers, string topic, TimeSpan timeout)
    {
        _bootstrapServers = bootstrapServers;
        _topic = topic;
        _timeout = timeout;
    }

    private TopicReader(string bootstrapServers, string topic, int partitions, IEnumerable<KeyValuePair<string, string>>? consumerSettings)
        : this(bootstrapServers, topic, DefaultTimeout)
    {
        var config = new ConsumerConfig(consumerSettings?.ToDictionary() ?? [])
        {
            BootstrapServers = bootstrapServers,
            GroupId = "follow-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        _arrivals = [];
        _stop = new CancellationTokenSource();
        _consumer = new ConsumerBuilder<string?, byte[]?>(config)
            .SetKeyDeserializer(NullableUtf8Deserializer.Instance)
            .SetValueDeserializer(Deserializers.ByteArray)
            .Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        _thread = new Thread(FollowLoop) { IsBackground = true, Name = "follow-" + topic };
        _thread.Start();
    }

    /// <summary>A reader of what <paramref name="topic"/> holds at the moment each of its members is asked.</summary>
    public static TopicReader Of(string bootstrapServers, string topic, TimeSpan? timeout = null) =>
        new(bootstrapServers, topic, timeout ?? DefaultTimeout);

    /// <summary>
    /// Follows <paramref name="partitions"/> partitions of <paramref name="topic"/> from the beginning until disposed,
    /// reading with <paramref name="consumerSettings"/> if given (a benchmark passes the services' <c>Streams:Consumer:*</c>
    /// settings so that its reader waits no longer per fetch than a service does); bootstrap, group and offsets are the
    /// reader's own. Its members answer from what has arrived so far.
    /// </summary>
    public static TopicReader Follow(string bootstrapServers, string topic, int partitions, IEnumerable<KeyValuePair<string, string>>? consumerSettings = null) =>
        new(bootstrapServers, topic, partitions, consumerSettings);

    /// <summary>Every record <paramref name="topic"/> holds now (all partitions, offset order within each).</summary>
    public static IReadOnlyList<TopicRecord> ReadAll(string bootstrapServers, string topic, TimeSpan? timeout = null)
    {
        var records = new List<TopicRecord>();
        TopicScanner.Scan(new ConsumerConfig { BootstrapServers = bootstrapServers }, topic, null, timeout ?? DefaultTimeout, result =>
            records.Add(TopicRecord.From(result, DateTimeOffset.UtcNow)));
        return records;
    }

    /// <summary>Every record: what the topic holds now, or (following) what has arrived so far, in arrival order.</summary>
    public IReadOnlyList<TopicRecord> Records
    {
        get
        {
            if (_arrivals is null)
            {
                return ReadAll(_bootstrapServers, _topic, _timeout);
            }

            lock (_arrivals)
            {
                return _arrivals.ToList();
            }
        }
    }

    /// <summary>How many records the topic holds now, or (following) how many have arrived so far.</summary>
    public int Count
    {
        get
        {
            if (_arrivals is null)
            {
                return Records.Count;
            }

            lock (_arrivals)
            {
                return _arrivals.Count;
            }
        }
    }

    /// <summary>Following: the records that arrived after the first <paramref name="start"/>, so a reader that keeps its place copies only what is new.</summary>
    public IReadOnlyList<TopicRecord> ArrivalsFrom(int start)
    {
        var arrivals = _arrivals ?? throw new InvalidOperationException($"The reader of {_topic} does not follow it; use TopicReader.Follow.");
        lock (arrivals)
        {
            return start >= arrivals.Count ? [] : arrivals.GetRange(start, arrivals.Count - start);
        }
    }

    /// <summary>Every value as <typeparamref name="T"/>, in the order of <see cref="Records"/>; tombstones are skipped.</summary>
    public IReadOnlyList<T> Values<T>(JsonTypeInfo<T> typeInfo)
        where T : class =>
        Records.Where(r => r.Value is not null).Select(r => r.As(typeInfo)).ToList();

    /// <summary>Every record of <paramref name="key"/> (tombstones included), in offset order.</summary>
    public IReadOnlyList<TopicRecord> RecordsOf(string key) =>
        Records.Where(r => r.Key == key).OrderBy(r => r.Offset).ToList();

    /// <summary>Every version of <paramref name="key"/> as <typeparamref name="T"/>, in offset order; tombstones are skipped.</summary>
    public IReadOnlyList<T> VersionsOf<T>(string key, JsonTypeInfo<T> typeInfo)
        where T : class =>
        RecordsOf(key).Where(r => r.Value is not null).Select(r => r.As(typeInfo)).ToList();

    /// <summary>How many values (not tombstones) <paramref name="key"/> has.</summary>
    public int CountOf(string key) => Records.Count(r => r.Key == key && r.Value is not null);

    /// <summary>The latest record per key, honouring tombstones, as a compacted topic would hold it.</summary>
    public IReadOnlyDictionary<string, TopicRecord> LatestByKey()
    {
        var latest = new Dictionary<string, TopicRecord>(StringComparer.Ordinal);
        foreach (var record in Records.Where(r => r.Key is not null).OrderBy(r => r.Partition).ThenBy(r => r.Offset))
        {
            if (record.Value is null)
            {
                latest.Remove(record.Key!);
            }
            else
            {
                latest[record.Key!] = record;
            }
        }

        return latest;
    }

    /// <summary>The latest value per key as <typeparamref name="T"/>, as a compacted topic would hold it.</summary>
    public IReadOnlyDictionary<string, T> Latest<T>(JsonTypeInfo<T> typeInfo)
        where T : class =>
        LatestByKey().ToDictionary(p => p.Key, p => p.Value.As(typeInfo), StringComparer.Ordinal);

    /// <summary>The latest value of <paramref name="key"/> as <typeparamref name="T"/>, or null if it has none (or was deleted).</summary>
    public T? LatestOf<T>(string key, JsonTypeInfo<T> typeInfo)
        where T : class =>
        LatestByKey().TryGetValue(key, out var record) ? record.As(typeInfo) : null;

    /// <summary>
    /// Following: waits until <paramref name="count"/> keys have a value that matches <paramref name="match"/>, and
    /// returns the first matching record of each, in arrival order (looking at each arrival once per call).
    /// </summary>
    public async Task<IReadOnlyList<TopicRecord>> UntilFirstPerKeyAsync<T>(JsonTypeInfo<T> typeInfo, Func<T, bool> match, int count, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        var found = new List<TopicRecord>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + timeout;
        var read = 0;
        while (true)
        {
            var arrivals = ArrivalsFrom(read);
            read += arrivals.Count;
            found.AddRange(arrivals.Where(r => r is { Key: not null, Value: not null } && match(r.As(typeInfo)) && keys.Add(r.Key)));
            if (found.Count >= count)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {found.Count} of {count} keys of {_topic} had a matching {typeof(T).Name} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public void Dispose()
    {
        if (_stop is null)
        {
            return; // reading what a topic holds now keeps nothing open
        }

        _stop.Cancel();
        _thread!.Join();
        _consumer!.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void FollowLoop()
    {
        while (!_stop!.IsCancellationRequested)
        {
            var result = _consumer!.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            var record = TopicRecord.From(result, DateTimeOffset.UtcNow);
            lock (_arrivals!)
            {
                _arrivals.Add(record);
            }
        }
    }
}
