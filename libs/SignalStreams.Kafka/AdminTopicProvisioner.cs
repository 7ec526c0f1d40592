using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;

namespace SignalStreams.Kafka;

/// <summary>
/// Provisions topics on a real cluster through the Admin API (cleanup.policy and retention from the catalog);
/// in <see cref="TopicProvisioningMode.Verify"/> mode only checks that they exist. A cluster that answers that it
/// does not support CreateTopics (the dev cluster: librdkafka's mock, whose topics <c>scripts/dev-kafka.sh</c>
/// creates) is verified instead, so a missing topic is still refused by name.
/// </summary>
public sealed class AdminTopicProvisioner(KafkaClientFactory clients, ILogger<AdminTopicProvisioner> logger) : ITopicProvisioner
{
    public async Task EnsureAsync(IReadOnlyCollection<TopicSpec> topics, CancellationToken cancellationToken)
    {
        var options = clients.Options;
        if (options.Provisioning == TopicProvisioningMode.Off)
        {
            return;
        }

        var timeout = TimeSpan.FromSeconds(options.ProvisioningTimeoutSeconds);
        using var admin = new AdminClientBuilder(clients.AdminConfig("topic-provisioner")).Build();
        if (options.Provisioning == TopicProvisioningMode.Create)
        {
            try
            {
                await CreateMissingAsync(admin, topics, options, timeout);
            }
            catch (InvalidOperationException e) when (e.InnerException is KafkaException { Error.Code: ErrorCode.Local_UnsupportedFeature } unsupported)
            {
                logger.LogWarning("The Kafka cluster cannot create topics ({Reason}): verifying that they exist instead", unsupported.Error.Reason);
            }
        }

        Verify(admin, topics, timeout);
    }

    private async Task CreateMissingAsync(IAdminClient admin, IReadOnlyCollection<TopicSpec> topics, KafkaOptions options, TimeSpan timeout)
    {
        var existing = admin.GetMetadata(timeout).Topics.Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
        var missing = topics.Where(t => !existing.Contains(t.BaseName)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var specifications = missing.Select(t =>
        {
            var configs = t.Configs().ToDictionary();
            if (options.MinInsyncReplicas is { } minIsr)
            {
                configs["min.insync.replicas"] = minIsr.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return new TopicSpecification { Name = t.BaseName, NumPartitions = t.Partitions, ReplicationFactor = options.ReplicationFactor, Configs = configs };
        }).ToList();

        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout });
            logger.LogInformation("Created {Count} topics: {Topics}", missing.Count, string.Join(", ", missing.Select(t => t.BaseName)));
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another instance created them first: that is the idempotent outcome we want.
            logger.LogInformation("Topics already existed: {Topics}", string.Join(", ", e.Results.Where(r => r.Error.Code == ErrorCode.TopicAlreadyExists).Select(r => r.Topic)));
        }
        catch (KafkaException e)
        {
            throw new InvalidOperationException($"Could not create topics {string.Join(", ", missing.Select(t => t.BaseName))}: {e.Error.Reason}. Create them by hand or set Kafka:Provisioning to Verify.", e);
        }
    }

    private void Verify(IAdminClient admin, IReadOnlyCollection<TopicSpec> topics, TimeSpan timeout)
    {
        var metadata = admin.GetMetadata(timeout).Topics.ToDictionary(t => t.Topic, StringComparer.Ordinal);
        var missing = topics.Where(t => !metadata.TryGetValue(t.BaseName, out var m) || m.Error.Code != ErrorCode.NoError).Select(t => t.BaseName).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Kafka topics are missing: {string.Join(", ", missing)}. Start the cluster with its topics (scripts/dev-kafka.sh creates them) or set Kafka:Provisioning to Create.");
        }

        foreach (var topic in topics)
        {
            var partitions = metadata[topic.BaseName].Partitions.Count;
            if (partitions != topic.Partitions)
            {
                // Partitioning by key depends on the count: a different count moves keys between partitions.
                logger.LogWarning("Topic {Topic} has {Actual} partitions where the contract says {Expected}", topic.BaseName, partitions, topic.Partitions);
            }
        }
    }
}
