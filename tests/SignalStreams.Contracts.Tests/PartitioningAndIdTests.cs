using System.Text;

namespace SignalStreams.Contracts.Tests;

public sealed class PartitioningAndIdTests
{
    // The vectors of Kafka's own UtilsTest.testMurmur2 (Java client).
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_matches_the_java_client(string key, int expected) =>
        Assert.Equal(expected, Murmur2Partitioner.Hash(Encoding.UTF8.GetBytes(key)));

    [Fact]
    public void Partitions_are_within_range_and_stable()
    {
        for (var i = 0; i < 1000; i++)
        {
            var key = $"user-{i}";
            var partition = Murmur2Partitioner.PartitionFor(key, 12);
            Assert.InRange(partition, 0, 11);
            Assert.Equal(partition, Murmur2Partitioner.PartitionFor(key, 12));
        }
    }

    [Fact]
    public void Client_order_id_is_deterministic_short_and_per_user()
    {
        var a = ClientOrderIds.For("sig_12345", "u-1");

        Assert.Equal(a, ClientOrderIds.For("sig_12345", "u-1"));
        Assert.NotEqual(a, ClientOrderIds.For("sig_12345", "u-2"));
        Assert.NotEqual(a, ClientOrderIds.For("sig_1234", "5u-1"));
        Assert.Equal(32, a.Length);
        Assert.True(ClientOrderIds.IsValid(a), a);
    }

    [Fact]
    public void Client_order_ids_of_ten_thousand_users_are_distinct()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => ClientOrderIds.For("sig", $"user-{i}")).ToHashSet();

        Assert.Equal(10_000, ids.Count);
    }

    [Fact]
    public void Execution_key_splits_on_the_last_colon()
    {
        Assert.Equal("mt5-acc:1:x:u-1", ExecutionKeys.Of("mt5-acc:1:x", "u-1"));
        Assert.Equal(("mt5-acc:1:x", "u-1"), ExecutionKeys.Parse("mt5-acc:1:x:u-1"));
        Assert.Throws<FormatException>(() => ExecutionKeys.Parse("no-separator"));
    }

    [Fact]
    public void Topic_names_carry_the_prefix_and_every_topic_has_a_dead_letter_twin()
    {
        var names = new TopicNames("dev-");
        var all = names.All().ToList();

        Assert.Equal("dev-signals", names.Signals);
        Assert.Equal("dev-signals.dlq", TopicNames.DeadLetterOf(names.Signals));
        Assert.Equal(28, all.Count); // 11 contract topics and their DLQs, the changelogs of the router (2), the executor (2) and mt5-ingest (2)
        Assert.Equal(12, names.PartitionsOf("dev-signal-executions"));
        Assert.Equal("compact", all.Single(t => t.BaseName == "dev-signals").Configs()["cleanup.policy"]);
        Assert.Equal("86400000", all.Single(t => t.BaseName == "dev-execution-commands").Configs()["retention.ms"]);
        Assert.All(all.Where(t => t.BaseName.EndsWith(".dlq", StringComparison.Ordinal)), t => Assert.Equal(1, t.Partitions));
    }

    [Theory]
    [InlineData(OrderSide.Buy, 68000, 68010.5, 0.0154)]
    [InlineData(OrderSide.Buy, 68000, 67990, -0.0147)]
    [InlineData(OrderSide.Sell, 3500, 3496.5, 0.1)]
    [InlineData(OrderSide.Sell, 3500, 3503.5, -0.1)]
    public void Slippage_is_positive_when_worse_for_the_user(OrderSide side, double signalPrice, double fill, double expected) =>
        Assert.Equal((decimal)expected, SignalExecution.SlippagePercent(side, (decimal)signalPrice, (decimal)fill));
}
