using Microsoft.Extensions.DependencyInjection;
using SignalStreams.Contracts;
using SignalStreams.Sdk;
using SignalStreams.Testing;

namespace SignalStreams.Kafka.Tests;

[Collection(KafkaCollection.Name)]
public sealed class SignalPublisherTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task Thousand_signals_published_through_the_SDK_are_read_back_by_kcat_on_the_java_partition()
    {
        var topics = kafka.NewTopics();
        await using var services = TestHosts.Publisher(kafka.BootstrapServers, topics.Prefix);
        var publisher = services.GetRequiredService<SignalPublisher>();

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => publisher.PublishAsync(TestSignals.Draft($"sig-{i}"))));

        var lines = await Kcat.ConsumeAllAsync(kafka.BootstrapServers, topics.Signals);
        Assert.Equal(1000, lines.Count);
        var byKey = lines.Select(l => l.Split('|')).ToDictionary(p => p[0], p => (Partition: int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), Headers: p[2]));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"sig-{i}").Order(), byKey.Keys.Order());
        foreach (var (key, (partition, headers)) in byKey)
        {
            Assert.Equal(Murmur2Partitioner.PartitionFor(key, 6), partition);
            Assert.Contains("schema=signal.v1", headers, StringComparison.Ordinal);
        }

        Assert.All(results, r => Assert.Equal(byKey[r.Signal.SignalId].Partition, r.Partition));
    }

    [Fact]
    public async Task An_invalid_signal_is_refused_with_every_problem_and_nothing_is_sent()
    {
        var topics = kafka.NewTopics();
        await using var services = TestHosts.Publisher(kafka.BootstrapServers, topics.Prefix);
        var publisher = services.GetRequiredService<SignalPublisher>();

        var error = await Assert.ThrowsAsync<SignalValidationException>(() =>
            publisher.PublishAsync(TestSignals.Draft("bad id") with { Symbol = "btc", EntryPrice = 0, Strength = null }));

        Assert.Equal(["strength", "signalId", "symbol", "entryPrice"], error.Problems.Select(p => p.Field));
        Assert.Empty(TopicReader.ReadAll(kafka.BootstrapServers, topics.Signals));
    }

    [Fact]
    public async Task A_published_signal_carries_its_defaults_and_reads_back_as_the_contract_record()
    {
        var topics = kafka.NewTopics();
        await using var services = TestHosts.Publisher(kafka.BootstrapServers, topics.Prefix);

        var result = await services.GetRequiredService<SignalPublisher>().PublishAsync(TestSignals.Draft("sig-defaults"));

        var stored = Assert.Single(TopicReader.ReadAll(kafka.BootstrapServers, topics.Signals)).As(ContractsJsonContext.Default.Signal);
        Assert.Equal(SignalStatus.Active, stored.Status);
        Assert.Equal(stored.CreatedAt.AddMinutes(5), stored.ExpiresAt);
        Assert.Equal(result.Signal, stored);
    }

    [Fact]
    public async Task Cancel_by_id_republishes_the_latest_version_as_cancelled_even_from_another_process()
    {
        var topics = kafka.NewTopics();
        await using (var first = TestHosts.Publisher(kafka.BootstrapServers, topics.Prefix))
        {
            var publisher = first.GetRequiredService<SignalPublisher>();
            await publisher.PublishAsync(TestSignals.Draft("sig-c"));
            await publisher.PublishAsync(TestSignals.Draft("sig-c") with { EntryPrice = 69000m });
            await publisher.PublishAsync(TestSignals.Draft("sig-other"));
        }

        // A fresh publisher has nothing cached: it must find the latest version on the topic.
        await using var second = TestHosts.Publisher(kafka.BootstrapServers, topics.Prefix);
        var cancelled = await second.GetRequiredService<SignalPublisher>().CancelAsync("sig-c");

        Assert.True(cancelled.Published);
        var latest = TopicReader.Of(kafka.BootstrapServers, topics.Signals).LatestByKey();
        var signal = latest["sig-c"].As(ContractsJsonContext.Default.Signal);
        Assert.Equal(SignalStatus.Cancelled, signal.Status);
        Assert.Equal(69000m, signal.EntryPrice);
        Assert.Equal(SignalStatus.Active, latest["sig-other"].As(ContractsJsonContext.Default.Signal).Status);
    }

    [Fact]
    public async Task Cancelling_an_unknown_signal_says_it_does_not_exist()
    {
        var topics = kafka.NewTopics();
        await using var services = TestHosts.Publisher(kafka.BootstrapServers, topics.Prefix);

        var error = await Assert.ThrowsAsync<SignalNotFoundException>(() => services.GetRequiredService<SignalPublisher>().CancelAsync("nope"));

        Assert.Equal("Signal 'nope' does not exist.", error.Message);
    }

    [Fact]
    public async Task Close_publishes_closed_once_even_with_a_stale_copy_and_a_closed_signal_is_never_cancelled_or_closed_again()
    {
        var topics = kafka.NewTopics();
        await using var services = TestHosts.Publisher(kafka.BootstrapServers, topics.Prefix);
        var publisher = services.GetRequiredService<SignalPublisher>();
        var opened = (await publisher.PublishAsync(TestSignals.Draft("sig-x"))).Signal;
        await publisher.CancelAsync(opened);

        var closed = await publisher.CloseAsync("sig-x");
        var closedAgainFromAStaleCopy = await publisher.CloseAsync(opened);
        var cancelledAfterClose = await publisher.CancelAsync(opened);

        Assert.Equal((true, SignalStatus.Closed), (closed.Published, closed.Signal.Status));
        Assert.Equal((false, SignalStatus.Closed), (closedAgainFromAStaleCopy.Published, closedAgainFromAStaleCopy.Signal.Status));
        Assert.Equal((false, SignalStatus.Closed), (cancelledAfterClose.Published, cancelledAfterClose.Signal.Status));
        var versions = TopicReader.ReadAll(kafka.BootstrapServers, topics.Signals).Select(r => r.As(ContractsJsonContext.Default.Signal).Status);
        Assert.Equal([SignalStatus.Active, SignalStatus.Cancelled, SignalStatus.Closed], versions);
    }
}
