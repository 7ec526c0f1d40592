namespace SignalStreams.SignalExecutor.Machine;

/// <summary>The pair's state after an event (null: still no record) and the effects to carry out, in order.</summary>
public sealed record ExecutionTransition(ExecutionState? State, IReadOnlyList<ExecutionEffect> Effects)
{
    public static ExecutionTransition Unchanged(ExecutionState? state, params ExecutionEffect[] effects) => new(state, effects);
}
