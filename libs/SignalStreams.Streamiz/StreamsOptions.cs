using System.ComponentModel.DataAnnotations;

namespace SignalStreams.Streamiz;

/// <summary>The <c>Streams</c> configuration section: how a service's Streamiz application runs.</summary>
public sealed class StreamsOptions
{
    public const string SectionName = "Streams";

    /// <summary>
    /// Where the RocksDB stores live (one folder per application and task). A restart that finds it restores
    /// only what it missed; without it every store is rebuilt from its changelog. A volume in compose and the charts.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string StateDir { get; set; } = "state";

    /// <summary><c>AT_LEAST_ONCE</c> (default; the only one the dev cluster can honour) or <c>EXACTLY_ONCE</c> (real brokers only).</summary>
    [RegularExpression("^(AT_LEAST_ONCE|EXACTLY_ONCE)$", ErrorMessage = "Streams:Guarantee must be AT_LEAST_ONCE or EXACTLY_ONCE.")]
    public string Guarantee { get; set; } = "AT_LEAST_ONCE";

    /// <summary>
    /// How often offsets are committed (after the producer is flushed and the stores are flushed). Each commit
    /// flushes RocksDB, so a very short interval costs CPU; a long one means more reprocessing after a crash,
    /// which the topologies tolerate (at-least-once with idempotent effects).
    /// </summary>
    [Range(10, 600_000)]
    public int CommitIntervalMs { get; set; } = 1000;

    /// <summary>Stream threads per instance; each runs a share of the tasks (partitions).</summary>
    [Range(1, 64)]
    public int NumStreamThreads { get; set; } = 1;

    /// <summary>How long a stream thread waits in one poll for new records.</summary>
    [Range(1, 10_000)]
    public int PollMs { get; set; } = 10;

    /// <summary>librdkafka properties for the application's consumers only (e.g. <c>session.timeout.ms</c>, <c>fetch.wait.max.ms</c>).</summary>
    public Dictionary<string, string> Consumer { get; set; } = new(StringComparer.Ordinal);

    /// <summary>librdkafka properties for the application's producer only (e.g. <c>linger.ms</c>).</summary>
    public Dictionary<string, string> Producer { get; set; } = new(StringComparer.Ordinal);
}
