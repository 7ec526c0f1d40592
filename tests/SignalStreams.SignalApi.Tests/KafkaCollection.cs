using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

[CollectionDefinition("kafka")]
public sealed class KafkaCollection : ICollectionFixture<KafkaClusterFixture>, ICollectionFixture<RedisServerFixture>;
