namespace SignalStreams.Streams;

/// <summary>How the consumer group moves partitions between instances.</summary>
public enum AssignmentMode
{
    /// <summary>
    /// Eager rebalancing with the range assignor: every member gives up all partitions, then gets its new set.
    /// Range assigns the same partition numbers of co-partitioned topics to the same member, so this is the mode
    /// for processors with more than one input topic.
    /// </summary>
    Eager,

    /// <summary>
    /// Incremental cooperative rebalancing (cooperative-sticky): only moved partitions stop. It does not keep
    /// co-partitioned topics together, so it is allowed for a single input topic only.
    /// </summary>
    CooperativeSticky,
}
