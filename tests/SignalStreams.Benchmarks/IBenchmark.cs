namespace SignalStreams.Benchmarks;

/// <summary>One measurement. Implementations are found by reflection; add a class, it is listed and runnable.</summary>
public interface IBenchmark
{
    /// <summary>Short kebab-case name used on the command line and as the JSON file name.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Runs the measurement and returns named figures (records/s, milliseconds, counts).</summary>
    Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken);
}
