using SignalStreams.Testing;

namespace SignalStreams.Hosting.Tests;

[CollectionDefinition("kafka")]
public sealed class KafkaCollection : ICollectionFixture<KafkaClusterFixture>;
