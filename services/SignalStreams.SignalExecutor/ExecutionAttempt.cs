using SignalStreams.Contracts;

namespace SignalStreams.SignalExecutor;

/// <summary>One input of the executor, whether a router command or a user's manual request.</summary>
/// <param name="SignalId">The signal to execute.</param>
/// <param name="UserId">The user whose bot executes it.</param>
/// <param name="Trigger">Fan-out (the bot's settings decide) or manual (the user asked).</param>
/// <param name="Snapshot">The signal as the router saw it, used only while the signals table has not caught up.</param>
/// <param name="IssuedAt">When the router issued the command or the user made the request.</param>
public sealed record ExecutionAttempt(string SignalId, string UserId, ExecutionTrigger Trigger, Signal? Snapshot, DateTimeOffset IssuedAt)
{
    public string Key => ExecutionKeys.Of(SignalId, UserId);
}
