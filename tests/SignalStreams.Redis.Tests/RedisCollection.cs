using SignalStreams.Testing;

namespace SignalStreams.Redis.Tests;

/// <summary>One redis-server shared by the tests that leave it running; each test uses its own keys.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis";
}
