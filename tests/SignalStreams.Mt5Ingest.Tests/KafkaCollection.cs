using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

[CollectionDefinition("kafka")]
public sealed class KafkaCollection : ICollectionFixture<KafkaClusterFixture>, ICollectionFixture<RedisServerFixture>;
