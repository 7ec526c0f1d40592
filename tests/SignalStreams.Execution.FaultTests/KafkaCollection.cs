using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests;

/// <summary>One mock Kafka cluster and one redis-server shared by every test here; the tests run one after another.</summary>
[CollectionDefinition("kafka")]
public sealed class KafkaCollection : ICollectionFixture<KafkaClusterFixture>, ICollectionFixture<RedisServerFixture>;
