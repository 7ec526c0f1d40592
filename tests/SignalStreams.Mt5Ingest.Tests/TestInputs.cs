using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Testing;
using StackExchange.Redis;

namespace SignalStreams.Mt5Ingest.Tests;

/// <summary>What the fault tests do from outside: produce an event to a chosen partition, wipe Redis.</summary>
internal static class TestInputs
{
    /// <summary>Produces <paramref name="position"/> to <paramref name="partition"/> of mt5-position-events, as a non-murmur2 client might.</summary>
    public static async Task ProduceToPartitionAsync(KafkaClusterFixture kafka, TopicNames topics, PositionEvent position, int partition)
    {
        using var producer = new ProducerBuilder<string, byte[]>(kafka.ClientFactory(topics.Prefix).ProducerConfig("test-misrouting")).Build();
        var message = new Message<string, byte[]>
        {
            Key = position.Key,
            Value = ContractJson.Serialize(position, ContractsJsonContext.Default.PositionEvent),
            Headers = new Headers { { "schema", "mt5-position-event.v1"u8.ToArray() } },
        };
        await producer.ProduceAsync(new TopicPartition(topics.Mt5PositionEvents, new Partition(partition)), message);
    }

    /// <summary>FLUSHALL: Redis forgets every claim and done marker (a restart without persistence, a failover).</summary>
    public static async Task FlushRedisAsync(RedisServerFixture redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        foreach (var server in connection.GetServers())
        {
            await server.FlushAllDatabasesAsync();
        }
    }
}
