using Confluent.Kafka;
using SignalStreams.Kafka;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.Metrics;

namespace SignalStreams.Streamiz;

/// <summary>
/// Builds Streamiz's Kafka clients on the project's conventions: the packaged librdkafka, <c>Kafka:Client:*</c>
/// (security and the like) where Streamiz sets nothing itself, <c>Streams:Consumer:*</c> / <c>Streams:Producer:*</c>
/// on top, and for producers the Java-compatible partitioner, <c>acks=all</c> and idempotence, so a record keyed by
/// userId lands on the partition every other client of the contract computes. Producers report their deliveries to
/// the <see cref="DurabilityBarrier"/>.
/// </summary>
internal sealed class StreamizKafkaSupplier(KafkaClientFactory clients, StreamsOptions options, DurabilityBarrier barrier) : IKafkaSupplier
{
    public StreamMetricsRegistry MetricsRegistry { get; set; } = null!;

    public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener rebalanceListener)
    {
        var builder = new ConsumerBuilder<byte[], byte[]>(Consumer(config)).SetLogHandler((_, m) => clients.Log(m)).SetErrorHandler((c, e) => clients.LogError(c.Name, e));
        if (rebalanceListener is not null)
        {
            builder.SetPartitionsAssignedHandler(rebalanceListener.PartitionsAssigned);
            builder.SetPartitionsRevokedHandler(rebalanceListener.PartitionsRevoked);
        }

        return builder.Build();
    }

    public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config) =>
        new ConsumerBuilder<byte[], byte[]>(Consumer(config)).SetLogHandler((_, m) => clients.Log(m)).SetErrorHandler((c, e) => clients.LogError(c.Name, e)).Build();

    public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config)
    {
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        return new GlobalConsumer(new ConsumerBuilder<byte[], byte[]>(Consumer(config)).SetLogHandler((_, m) => clients.Log(m)).SetErrorHandler((c, e) => clients.LogError(c.Name, e)).Build());
    }

    public IProducer<byte[], byte[]> GetProducer(ProducerConfig config)
    {
        Apply(config, options.Producer);
        config.Partitioner = Partitioner.Murmur2Random;
        config.Acks = Acks.All;
        config.EnableIdempotence = true;
        var producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, m) => clients.Log(m)).SetErrorHandler((c, e) => clients.LogError(c.Name, e)).Build();
        return new BarrierProducer(producer, barrier);
    }

    public IAdminClient GetAdmin(AdminClientConfig config)
    {
        Apply(config, null);
        return new AdminClientBuilder(config).SetLogHandler((_, m) => clients.Log(m)).SetErrorHandler((c, e) => clients.LogError(c.Name, e)).Build();
    }

    private ConsumerConfig Consumer(ConsumerConfig config)
    {
        Apply(config, options.Consumer);
        return config;
    }

    private void Apply(ClientConfig config, Dictionary<string, string>? overrides)
    {
        foreach (var (key, value) in clients.Options.Client)
        {
            if (config.Get(key) is null)
            {
                config.Set(key, value);
            }
        }

        foreach (var (key, value) in overrides ?? [])
        {
            config.Set(key, value);
        }
    }
}
