using SignalStreams.Testing;

namespace SignalStreams.Streams.Tests;

[CollectionDefinition("kafka")]
public sealed class KafkaCollection : ICollectionFixture<KafkaClusterFixture>;
