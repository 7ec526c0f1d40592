using System.ComponentModel.DataAnnotations;

namespace SignalStreams.SignalRouter;

/// <summary>The <c>Router</c> configuration section.</summary>
public sealed class RouterOptions
{
    public const string SectionName = "Router";

    /// <summary>
    /// The Streamiz application id: consumer group and prefix of the internal topics, after <c>Kafka:TopicPrefix</c>.
    /// The topic catalog lists the internal topics of <c>signal-router</c>; another id needs them under its name.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string ApplicationId { get; set; } = "signal-router";

    /// <summary>How often each task looks for ACTIVE signals whose expiresAt has passed.</summary>
    [Range(50, 60_000)]
    public int ExpiryCheckIntervalMs { get; set; } = 500;

    /// <summary>How long the router remembers a finished (expired or cancelled) signal, so a late duplicate is ignored.</summary>
    [Range(1, 24 * 30)]
    public int FinishedSignalRetentionHours { get; set; } = 24;

    /// <summary>
    /// A fan-out with at most this many filtered users writes their decisions with its commands; a larger one writes
    /// them this many at a time, one chunk every <see cref="DecisionIntervalMs"/>, after its commands.
    /// </summary>
    [Range(1, 1_000_000)]
    public int DecisionChunkSize { get; set; } = 500;

    /// <summary>How often a task writes the next chunk of a large fan-out's filtered decisions (Streamiz punctuates at most every 10 ms).</summary>
    [Range(10, 10_000)]
    public int DecisionIntervalMs { get; set; } = 10;

}
