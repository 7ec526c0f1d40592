namespace SignalStreams.Contracts;

/// <summary>
/// Internal record on <c>execution-commands</c>, keyed by userId: "user X's bot should consider signal S".
/// Carries the signal as the router saw it; the executor still re-checks the signal's and the user's CURRENT state.
/// </summary>
public sealed record ExecutionCommand
{
    public required string SignalId { get; init; }
    public required string UserId { get; init; }
    public required Signal Signal { get; init; }
    public ExecutionTrigger Trigger { get; init; } = ExecutionTrigger.Fanout;
    public required DateTimeOffset IssuedAt { get; init; }

    public ValidationResult Validate() => new ProblemCollector()
        .Check(SignalValidator.IsValidSignalId(SignalId), "signalId", SignalValidator.SignalIdRule)
        .Check(UserIds.IsValid(UserId), "userId", UserIds.Rule)
        .Check(Signal is not null, "signal", "signal is required.")
        .Check(Signal is null || Signal.SignalId == SignalId, "signal", "signal.signalId must equal signalId.")
        .Add(Signal is null ? [] : SignalValidator.Validate(Signal).Problems.Select(p => p with { Field = "signal." + p.Field }))
        .ToResult();
}
