using System.ComponentModel.DataAnnotations;

namespace SignalStreams.SignalRouter;

/// <summary>The <c>Router</c> configuration section.</summary>
public sealed class RouterOptions
{
    public const string SectionName = "Router";

    /// <summary>Consumer group of the router; instances with the same id share the <c>signals</c> partitions.</summary>
    public string ApplicationId { get; set; } = "signal-router";

    /// <summary>How often each task looks for ACTIVE signals whose expiresAt has passed.</summary>
    [Range(50, 60_000)]
    public int ExpiryCheckIntervalMs { get; set; } = 500;

    /// <summary>How long the router remembers a finished (expired or cancelled) signal, so a late duplicate is ignored.</summary>
    [Range(1, 24 * 30)]
    public int FinishedSignalRetentionHours { get; set; } = 24;

    /// <summary>librdkafka consumer properties for the router's group (e.g. <c>session.timeout.ms</c>).</summary>
    public Dictionary<string, string> Consumer { get; set; } = new(StringComparer.Ordinal);
}
