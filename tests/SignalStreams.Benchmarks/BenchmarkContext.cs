using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// What every benchmark shares: the Kafka cluster (the tests' fixture: the mock by default, an external cluster
/// from <c>SIGNAL_STREAMS_TEST_KAFKA</c>) and a scale factor (<c>--scale 0.1</c> for a quick run).
/// </summary>
public sealed class BenchmarkContext(KafkaClusterFixture kafka, double scale)
{
    public KafkaClusterFixture Kafka { get; } = kafka;

    public double Scale { get; } = scale;

    /// <summary>A record count scaled by <c>--scale</c>, at least 1.</summary>
    public int Count(int full) => Math.Max(1, (int)(full * Scale));

    public void Log(string message) => Console.Error.WriteLine($"  {message}");

    /// <summary>
    /// Figures measured beside a benchmark's own (the same work without the pipeline, at another size) that a reader
    /// needs to judge them; written as the JSON's <c>references</c>, so <c>figures</c> keeps exactly its names.
    /// </summary>
    public Dictionary<string, double> References { get; } = new(StringComparer.Ordinal);

    public void Reference(string name, double value) => References[name] = value;
}
