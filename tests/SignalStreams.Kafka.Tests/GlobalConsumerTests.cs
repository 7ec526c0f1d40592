using System.Reflection;
using Confluent.Kafka;
using SignalStreams.Streamiz;

namespace SignalStreams.Kafka.Tests;

/// <summary>
/// The global-table consumer's seek right after its assignment (Streamiz does both at start): librdkafka may not have
/// started the partition yet and answers "Local: Erroneous state", which once killed an application at start in CI.
/// </summary>
public sealed class GlobalConsumerTests
{
    private static readonly TopicPartition Partition = new("signals", 3);

    [Fact]
    public void A_seek_that_finds_the_partition_not_started_is_tried_again_until_it_succeeds()
    {
        var inner = StubConsumer.Create(failingSeeks: 3);
        var consumer = new GlobalConsumer(inner);
        consumer.Assign([new TopicPartitionOffset(Partition, 41)]);

        consumer.Seek(new TopicPartitionOffset(Partition, 41));

        Assert.Equal(4, StubConsumer.Of(inner).SeekCalls);
    }

    [Fact]
    public void A_seek_to_the_offset_the_assignment_already_starts_at_is_skipped_when_it_keeps_failing()
    {
        var inner = StubConsumer.Create(failingSeeks: int.MaxValue);
        var consumer = new GlobalConsumer(inner);
        consumer.Assign([new TopicPartitionOffset(Partition, Offset.Beginning)]);

        consumer.Seek(new TopicPartitionOffset(Partition, Offset.Beginning));

        Assert.True(StubConsumer.Of(inner).SeekCalls > 1);
    }

    [Fact]
    public void A_seek_elsewhere_that_keeps_failing_still_fails()
    {
        var consumer = new GlobalConsumer(StubConsumer.Create(failingSeeks: int.MaxValue));
        consumer.Assign([new TopicPartitionOffset(Partition, 41)]);

        var error = Assert.Throws<KafkaException>(() => consumer.Seek(new TopicPartitionOffset(Partition, 7)));
        Assert.Equal(ErrorCode.Local_State, error.Error.Code);
    }

    /// <summary>An <see cref="IConsumer{TKey,TValue}"/> whose first seeks fail with Local_State; every other call does nothing.</summary>
    public class StubConsumer : DispatchProxy
    {
        private int _failingSeeks;

        public int SeekCalls { get; private set; }

        public static IConsumer<byte[], byte[]> Create(int failingSeeks)
        {
            var proxy = Create<IConsumer<byte[], byte[]>, StubConsumer>();
            Of(proxy)._failingSeeks = failingSeeks;
            return proxy;
        }

        public static StubConsumer Of(IConsumer<byte[], byte[]> proxy) => (StubConsumer)(object)proxy;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name == nameof(IConsumer<byte[], byte[]>.Seek))
            {
                SeekCalls++;
                if (SeekCalls <= _failingSeeks)
                {
                    throw new KafkaException(new Error(ErrorCode.Local_State, "Local: Erroneous state"));
                }
            }

            return null;
        }
    }
}
