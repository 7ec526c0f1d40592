namespace SignalStreams.Mt5Ingest;

/// <summary>
/// The result of one step: the new state (null = the key leaves the store), the effects to run in order, whether the
/// new state must be durable before any of them (record before effect) and what it meant.
/// </summary>
public sealed record PositionTransition(PositionState? State, IReadOnlyList<PositionEffect> Effects, bool DurableFirst, PositionOutcome Outcome)
{
    public static PositionTransition Unchanged(PositionState? state) => new(state, [], false, PositionOutcome.Unchanged);
}
