using Confluent.Kafka;
using SignalStreams.Kafka;

namespace SignalStreams.Testing;

/// <summary>A record a <see cref="TopicTail"/> received, and when it arrived here.</summary>
public sealed record TailedRecord(TopicRecord Record, DateTimeOffset Arrived);

/// <summary>
/// Follows every partition of a topic from the beginning on a background thread, so that a test or a benchmark can
/// wait on what has arrived without re-reading the topic on every poll, and knows when each record arrived.
/// Final assertions re-read with <see cref="TopicReader"/>, which reads everything once.
/// </summary>
public sealed class TopicTail : IDisposable
{
    private readonly List<TailedRecord> _arrivals = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly IConsumer<string?, byte[]?> _consumer;

    /// <summary>
    /// Starts following <paramref name="partitions"/> partitions of <paramref name="topic"/>, reading with
    /// <paramref name="consumerSettings"/> if given (a benchmark passes the services' <c>Streams:Consumer:*</c> settings
    /// so that its reader waits no longer per fetch than a service does); bootstrap, group and offsets are the tail's own.
    /// </summary>
    public TopicTail(string bootstrapServers, string topic, int partitions, IEnumerable<KeyValuePair<string, string>>? consumerSettings = null)
    {
        var config = new ConsumerConfig(consumerSettings?.ToDictionary() ?? [])
        {
            BootstrapServers = bootstrapServers,
            GroupId = "tail-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        _consumer = new ConsumerBuilder<string?, byte[]?>(config)
            .SetKeyDeserializer(NullableUtf8Deserializer.Instance)
            .SetValueDeserializer(Deserializers.ByteArray)
            .Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        _thread = new Thread(Follow) { IsBackground = true, Name = "tail-" + topic };
        _thread.Start();
    }

    /// <summary>Every record received so far, in arrival order.</summary>
    public IReadOnlyList<TopicRecord> Records
    {
        get
        {
            lock (_arrivals)
            {
                return _arrivals.Select(a => a.Record).ToList();
            }
        }
    }

    /// <summary>How many records have arrived so far.</summary>
    public int Count
    {
        get
        {
            lock (_arrivals)
            {
                return _arrivals.Count;
            }
        }
    }

    /// <summary>The records that arrived after the first <paramref name="start"/>, with their arrival times: a reader that keeps its place copies only what is new.</summary>
    public IReadOnlyList<TailedRecord> ArrivalsFrom(int start)
    {
        lock (_arrivals)
        {
            return start >= _arrivals.Count ? [] : _arrivals.GetRange(start, _arrivals.Count - start);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Follow()
    {
        while (!_stop.IsCancellationRequested)
        {
            var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            var arrived = DateTimeOffset.UtcNow;
            var headers = result.Message.Headers?.GroupBy(h => h.Key).ToDictionary(g => g.Key, g => System.Text.Encoding.UTF8.GetString(g.Last().GetValueBytes())) ?? [];
            var record = new TopicRecord(result.Message.Key, result.Message.Value, result.Partition.Value, result.Offset.Value, headers);
            lock (_arrivals)
            {
                _arrivals.Add(new TailedRecord(record, arrived));
            }
        }
    }
}
