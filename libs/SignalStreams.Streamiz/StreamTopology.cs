using SignalStreams.Contracts;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;
using Streamiz.Kafka.Net.Table;

namespace SignalStreams.Streamiz;

/// <summary>
/// The few shapes the services' topologies take, over Streamiz's <see cref="StreamBuilder"/>: sources of contract
/// topics as (string key, raw bytes), persistent RocksDB stores changelogged to <c>{applicationId}-{store}-changelog</c>,
/// global tables of contract topics, and one task per input partition that sends to any topic.
/// </summary>
public sealed class StreamTopology(StreamBuilder builder, StreamsRuntime runtime)
{
    public StreamBuilder Builder => builder;

    public TopicNames Topics => runtime.Topics;

    /// <summary>A source of one topic, keys as strings and values as bytes (the task parses and validates).</summary>
    public IKStream<string, byte[]> Source(string topic)
    {
        runtime.InputTopics.TryAdd(topic, 0);
        return builder.Stream(topic, new StringSerDes(), new ByteArraySerDes(), "source-" + topic);
    }

    /// <summary>A RocksDB store (key string, value bytes), restored from its changelog after a crash.</summary>
    public static IStoreBuilder Store(string name) =>
        Stores.KeyValueStoreBuilder(Stores.PersistentKeyValueStore(name), new StringSerDes(), new ByteArraySerDes())
            .WithLoggingEnabled(new Dictionary<string, string> { ["cleanup.policy"] = "compact" });

    /// <summary>A global table of <paramref name="topic"/> in memory under <paramref name="storeName"/>; every task can read it.</summary>
    public void GlobalTable(string topic, string storeName) =>
        builder.GlobalTable(topic, new StringSerDes(), new ByteArraySerDes(), InMemory.As<string, byte[]>(storeName), "global-" + storeName);

    /// <summary>
    /// Runs <paramref name="create"/>'s task on every partition of <paramref name="input"/>, with
    /// <paramref name="stores"/> connected, and sends what it sends.
    /// </summary>
    public void Run(IKStream<string, byte[]> input, string name, Func<IStreamTask> create, params IStoreBuilder[] stores)
    {
        foreach (var store in stores)
        {
            builder.AddStateStore(store);
        }

        var supplier = TransformerBuilder.New<string, byte[], string, Outgoing>()
            .Transformer<TaskTransformer>(create, runtime)
            .Build();
        input.Transform(supplier, name, [.. stores.Select(s => s.Name)])
            .To(
                new OutgoingTopic(),
                new StringSerDes(),
                new OutgoingSerDes(),
                new OutgoingTimestamp(),
                new OutgoingPartitioner(),
                name + "-sink");
    }
}
