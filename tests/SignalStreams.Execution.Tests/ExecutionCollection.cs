using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>One mock Kafka cluster and one redis-server for every test class of this assembly.</summary>
[CollectionDefinition(Name)]
public sealed class ExecutionCollection : ICollectionFixture<KafkaClusterFixture>, ICollectionFixture<RedisServerFixture>
{
    public const string Name = "execution";
}
