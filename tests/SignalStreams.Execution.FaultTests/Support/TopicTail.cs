using Confluent.Kafka;
using SignalStreams.Kafka;
using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests.Support;

/// <summary>
/// Follows every partition of a topic from the beginning on a background thread, so that a test can wait on what
/// has arrived without re-reading the topic on every poll. Final assertions re-read with <see cref="TopicReader"/>.
/// </summary>
public sealed class TopicTail : IDisposable
{
    private readonly List<TopicRecord> _records = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly IConsumer<string?, byte[]?> _consumer;

    public TopicTail(string bootstrapServers, string topic, int partitions)
    {
        var config = new ConsumerConfig
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
            lock (_records)
            {
                return _records.ToList();
            }
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

            var headers = result.Message.Headers?.GroupBy(h => h.Key).ToDictionary(g => g.Key, g => System.Text.Encoding.UTF8.GetString(g.Last().GetValueBytes())) ?? [];
            lock (_records)
            {
                _records.Add(new TopicRecord(result.Message.Key, result.Message.Value, result.Partition.Value, result.Offset.Value, headers));
            }
        }
    }
}
