using SignalStreams.Testing;

namespace SignalStreams.Kafka.Tests;

[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaClusterFixture>
{
    public const string Name = "kafka";
}
