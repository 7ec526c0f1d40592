namespace SignalStreams.Contracts;

/// <summary>A user's manual "execute this signal" on <c>execution-requests</c>, keyed by userId.</summary>
public sealed record ExecutionRequest
{
    public required string SignalId { get; init; }
    public required string UserId { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }

    public ValidationResult Validate() => new ProblemCollector()
        .Check(SignalValidator.IsValidSignalId(SignalId), "signalId", SignalValidator.SignalIdRule)
        .Check(UserIds.IsValid(UserId), "userId", UserIds.Rule)
        .ToResult();
}
