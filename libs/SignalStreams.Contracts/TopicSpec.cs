namespace SignalStreams.Contracts;

/// <summary>
/// One topic of the catalog (<c>topics.txt</c>): its name, partition count, cleanup policy and retention, who owns it
/// (<see cref="ContractOwner"/> or the application id of the service whose internal topic it is), and whether it
/// has a <c>.dlq</c> twin.
/// </summary>
public sealed record TopicSpec(string BaseName, int Partitions, bool Compacted, TimeSpan? Retention, string Owner = TopicSpec.ContractOwner, bool HasDeadLetter = false)
{
    /// <summary>The owner of the topics CONTRACT.md §2 defines.</summary>
    public const string ContractOwner = "contract";

    public bool IsInternal => Owner != ContractOwner;

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
