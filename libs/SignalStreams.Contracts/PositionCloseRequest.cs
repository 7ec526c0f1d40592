namespace SignalStreams.Contracts;

/// <summary>
/// "Close this position now" from the user or an admin (<c>position-close-request.v1</c>), on <c>execution-requests</c>
/// keyed by userId (the <c>schema</c> header tells it from an <see cref="ExecutionRequest"/>). The executor closes the
/// position at market with a reduce-only order and cancels its protective orders, once.
/// </summary>
public sealed record PositionCloseRequest
{
    public required string UserId { get; init; }
    public required string PositionId { get; init; }

    /// <summary>Who asked: <c>user</c> or <c>admin</c> (recorded, not trusted for anything).</summary>
    public string? RequestedBy { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    public ValidationResult Validate() => new ProblemCollector()
        .Check(UserIds.IsValid(UserId), "userId", UserIds.Rule)
        .Check(IsValidPositionId(PositionId), "positionId", PositionIdRule)
        .ToResult();

    public const string PositionIdRule = "positionId must be 1-128 characters of A-Z, a-z, 0-9, '_', '-', ':' or '.'.";

    public static bool IsValidPositionId(string? positionId) =>
        !string.IsNullOrEmpty(positionId) && positionId.Length <= 128 && positionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ':' or '.');
}
