namespace SignalStreams.Contracts;

/// <summary>One topic of CONTRACT.md §2: its base name (without prefix), partition count and retention.</summary>
public sealed record TopicSpec(string BaseName, int Partitions, bool Compacted, TimeSpan? Retention)
{
    /// <summary>Broker-side configuration for creating the topic on a real cluster.</summary>
    public IReadOnlyDictionary<string, string> Configs()
    {
        var configs = new Dictionary<string, string>
        {
            ["cleanup.policy"] = Compacted ? "compact" : "delete",
            ["unclean.leader.election.enable"] = "false",
        };
        if (Retention is { } retention)
        {
            configs["retention.ms"] = ((long)retention.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return configs;
    }
}
