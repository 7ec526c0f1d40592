using System.Text.Json.Serialization;

namespace SignalStreams.Contracts;

/// <summary>
/// Why a (signal, user) the router or the executor considered was or was not executed (<c>execution-decision.v1</c>), on
/// the compacted <c>execution-decisions</c> topic, key <c>{signalId}:{userId}</c>, written to the partition of the
/// userId. A later decision for the pair replaces the earlier one (e.g. filtered at fan-out, then executed by a manual
/// request). Nothing secret: the settings shown are the ones the bot's filters read, never credentials or e-mail.
/// Built by <see cref="ExecutionDecisions"/>.
/// </summary>
public sealed record ExecutionDecisionRecord
{
    public required string SignalId { get; init; }
    public required string UserId { get; init; }
    public required DecisionVerdict Verdict { get; init; }

    /// <summary>The rule that decided, e.g. <c>min-strength</c>, <c>expired</c>, <c>insufficient-balance</c> (<see cref="ExecutionDecisions"/>).</summary>
    public required string Rule { get; init; }

    /// <summary>One sentence a user understands: "This signal is WEAK; your minimum is STRONG."</summary>
    public required string Reason { get; init; }

    public required DecisionStage Stage { get; init; }

    /// <summary>What made the service consider the pair (fan-out or a manual request); null when the decision came from an exchange answer.</summary>
    public ExecutionTrigger? Trigger { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>The user's settings the decision was judged against; null when the user has no settings.</summary>
    public DecisionSettings? Settings { get; init; }

    /// <summary>The signal's values the decision was judged on; null when the signal was unknown.</summary>
    public DecisionSignal? Signal { get; init; }

    /// <summary>The user's open positions counted against <c>maxOpenPositions</c>, when they were counted.</summary>
    public int? OpenPositions { get; init; }

    /// <summary>The pair's SignalExecution status when the decision concerns one (executed, failed, or the record a duplicate met).</summary>
    public ExecutionStatus? ExecutionStatus { get; init; }

    [JsonIgnore]
    public string Key => ExecutionKeys.Of(SignalId, UserId);

    public ValidationResult Validate() => new ProblemCollector()
        .Check(SignalValidator.IsValidSignalId(SignalId), "signalId", SignalValidator.SignalIdRule)
        .Check(UserIds.IsValid(UserId), "userId", UserIds.Rule)
        .Check(Enum.IsDefined(Verdict), "verdict", "verdict must be executed, failed, filtered, blocked or duplicate-refused.")
        .Check(!string.IsNullOrWhiteSpace(Rule) && Rule.Length <= 64, "rule", "rule must be 1-64 characters.")
        .Check(!string.IsNullOrWhiteSpace(Reason), "reason", "reason is required.")
        .Check(Enum.IsDefined(Stage), "stage", "stage must be router or executor.")
        .ToResult();
}
