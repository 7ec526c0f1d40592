using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Kafka.Mock;
using SignalStreams.Testing;

namespace SignalStreams.Kafka.Tests;

[Collection(KafkaCollection.Name)]
public sealed class ProvisioningAndConfigTests(KafkaClusterFixture kafka)
{
    [Fact]
    public void Creating_the_contract_topics_twice_is_idempotent_and_gives_the_contract_partition_counts()
    {
        var topics = kafka.NewTopics();
        kafka.CreateTopics(topics);

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic);
        foreach (var spec in topics.All())
        {
            Assert.Equal(spec.Partitions, metadata[spec.BaseName].Partitions.Count);
        }
    }

    [Fact]
    public async Task Verify_mode_accepts_existing_topics()
    {
        var topics = kafka.NewTopics();

        await Provisioner(TopicProvisioningMode.Verify).EnsureAsync(topics.All().ToList(), CancellationToken.None);
    }

    [Fact]
    public async Task Verify_mode_refuses_to_start_naming_the_missing_topics()
    {
        var missing = new TopicNames(kafka.NewName("absent") + "-");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Provisioner(TopicProvisioningMode.Verify).EnsureAsync([.. missing.All().Take(2)], CancellationToken.None));

        Assert.StartsWith($"Kafka topics are missing: {missing.Signals}, {missing.Signals}.dlq.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_mode_on_a_cluster_without_create_topics_verifies_instead_and_still_names_what_is_missing()
    {
        // A cluster of its own: this one reports a controller, so the mock refuses CreateTopics at once, as the dev
        // cluster does.
        using var cluster = MockKafkaCluster.Start(brokerCount: 1);
        cluster.SetControllerId(1);
        var present = new TopicNames("present-");
        cluster.CreateTopics(present);
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var provisioner = new AdminTopicProvisioner(
            new KafkaClientFactory(Options.Create(new KafkaOptions { BootstrapServers = cluster.BootstrapServers, Provisioning = TopicProvisioningMode.Create, ProvisioningTimeoutSeconds = 10 }), loggers),
            loggers.CreateLogger<AdminTopicProvisioner>());

        await provisioner.EnsureAsync(present.All().ToList(), CancellationToken.None);

        var absent = new TopicNames("absent-");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provisioner.EnsureAsync([.. present.All(), absent.All().First()], CancellationToken.None));
        Assert.Equal($"Kafka topics are missing: {absent.Signals}.", error.Message.Split(" Start the cluster")[0]);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("cannot create topics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Off_mode_does_not_touch_the_cluster()
    {
        var missing = new TopicNames(kafka.NewName("off") + "-");

        await Provisioner(TopicProvisioningMode.Off).EnsureAsync(missing.All().ToList(), CancellationToken.None);
    }

    [Fact]
    public void Contract_delivery_settings_win_over_pass_through_properties_which_are_otherwise_applied()
    {
        var factory = kafka.ClientFactory(client: new Dictionary<string, string>
        {
            ["acks"] = "1",
            ["partitioner"] = "consistent",
            ["enable.idempotence"] = "false",
            ["sasl.mechanism"] = "SCRAM-SHA-512",
            ["security.protocol"] = "SASL_SSL",
        });

        var producer = factory.ProducerConfig("p");
        var consumer = factory.ConsumerConfig("g", "c");

        Assert.Equal(Acks.All, producer.Acks);
        Assert.Equal(Partitioner.Murmur2Random, producer.Partitioner);
        Assert.True(producer.EnableIdempotence);
        Assert.Equal("SCRAM-SHA-512", producer.Get("sasl.mechanism"));
        Assert.Equal("SASL_SSL", consumer.Get("security.protocol"));
        Assert.False(consumer.EnableAutoCommit);
        Assert.Equal(kafka.BootstrapServers, consumer.BootstrapServers);
    }

    private AdminTopicProvisioner Provisioner(TopicProvisioningMode mode) => new(
        new KafkaClientFactory(Options.Create(new KafkaOptions { BootstrapServers = kafka.BootstrapServers, Provisioning = mode, ProvisioningTimeoutSeconds = 10 }), NullLoggerFactory.Instance),
        NullLogger<AdminTopicProvisioner>.Instance);
}
