using Confluent.Kafka;
using Confluent.Kafka.Admin;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Kafka.Mock;

namespace SignalStreams.Testing;

/// <summary>
/// Creates topics on an external cluster through the Admin API (CreateTopics), at the catalog's partition counts.
/// A cluster that answers "not supported" (librdkafka's mock, i.e. a separately started <c>scripts/dev-kafka.sh</c>)
/// gets the topics through the dev cluster's topic requests instead (<see cref="DevClusterTopicRequests"/>), never
/// through auto-creation (which would give every topic the broker's default partition count). Either way it then
/// waits until the metadata shows every topic with exactly its partition count.
/// </summary>
internal sealed class ExternalTopicCreator(string bootstrapServers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task CreateAsync(IReadOnlyCollection<TopicSpec> topics)
    {
        KafkaNativeLibrary.EnsureLoaded();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var brokers = admin.GetMetadata(Timeout).Brokers.Count;
        try
        {
            await admin.CreateTopicsAsync(
                topics.Select(t => new TopicSpecification
                {
                    Name = t.BaseName,
                    NumPartitions = t.Partitions,
                    ReplicationFactor = (short)Math.Min(3, brokers),
                    Configs = t.Configs().ToDictionary(),
                }),
                new CreateTopicsOptions { RequestTimeout = Timeout, OperationTimeout = Timeout });
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Created before: the partition check below still holds them to the catalog.
        }
        catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_UnsupportedFeature)
        {
            // All topics' metadata: asking for one by name may auto-create it on some clusters.
            if (!admin.GetMetadata(Timeout).Topics.Any(t => t.Topic == DevClusterTopicRequests.TopicName && t.Error.Code == ErrorCode.NoError))
            {
                throw new InvalidOperationException(
                    $"The Kafka at {bootstrapServers} supports neither CreateTopics ({e.Error.Reason}) nor the dev cluster's topic requests ({DevClusterTopicRequests.TopicName}).", e);
            }

            await DevClusterTopicRequests.RequestAsync(bootstrapServers, topics);
        }

        await WaitUntilVisibleAsync(admin, bootstrapServers, topics);
    }

    private static async Task WaitUntilVisibleAsync(IAdminClient admin, string bootstrapServers, IReadOnlyCollection<TopicSpec> topics)
    {
        string? wrong = null;
        await Eventually.UntilAsync(
            () =>
            {
                var metadata = admin.GetMetadata(Timeout).Topics.Where(t => t.Error.Code == ErrorCode.NoError).ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
                var missing = topics.Where(t => !metadata.ContainsKey(t.BaseName)).Select(t => t.BaseName).ToList();
                wrong = string.Join(", ", topics.Where(t => metadata.TryGetValue(t.BaseName, out var count) && count != t.Partitions).Select(t => $"{t.BaseName} has {metadata[t.BaseName]} partitions, not {t.Partitions}"));
                return missing.Count == 0 || wrong.Length > 0;
            },
            $"the cluster at {bootstrapServers} shows the topics {string.Join(", ", topics.Select(t => t.BaseName))}",
            Timeout);
        if (wrong is { Length: > 0 })
        {
            throw new InvalidOperationException($"Topics exist with other partition counts than the catalog's: {wrong}.");
        }
    }
}
