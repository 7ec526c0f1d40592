using SignalStreams.Kafka.Mock;

namespace SignalStreams.Benchmarks;

/// <summary>What every benchmark shares: a dev Kafka cluster and a scale factor (<c>--scale 0.1</c> for a quick run).</summary>
public sealed class BenchmarkContext(MockKafkaCluster cluster, double scale)
{
    public MockKafkaCluster Cluster { get; } = cluster;

    public double Scale { get; } = scale;

    /// <summary>A record count scaled by <c>--scale</c>, at least 1.</summary>
    public int Count(int full) => Math.Max(1, (int)(full * Scale));

    public void Log(string message) => Console.Error.WriteLine($"  {message}");
}
