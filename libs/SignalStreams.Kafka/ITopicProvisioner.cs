using SignalStreams.Contracts;

namespace SignalStreams.Kafka;

/// <summary>Makes sure topics exist with their partition counts; calling it again changes nothing.</summary>
public interface ITopicProvisioner
{
    Task EnsureAsync(IReadOnlyCollection<TopicSpec> topics, CancellationToken cancellationToken);
}
