using SignalStreams.Contracts;
using SignalStreams.SignalExecutor.Machine;
using static SignalStreams.SignalExecutor.Machine.ExecutionEffect;

namespace SignalStreams.SignalExecutor.Topology;

/// <summary>
/// The <c>execution-decisions</c> record an effect of the machine states, if any: filtered (the user's settings changed
/// since the fan-out, or maxOpenPositions), blocked (the signal's state), a manual request refused as a duplicate, and
/// the settled SignalExecution (executed / failed). Judged on the signal and settings the event carried. A fan-out
/// command refused as a duplicate (the router's at-least-once replay) states nothing: the pair's decision stands.
/// </summary>
public static class ExecutorDecisions
{
    public static ExecutionDecisionRecord? Of(string key, ExecutionEffect effect, ExecutionEvent @event, Func<string, Signal?> signalOf, Func<string, UserSettings?> settingsOf)
    {
        var (signalId, userId) = ExecutionKeys.Parse(key);
        (Signal? signal, UserSettings? settings, ExecutionTrigger? trigger, int? open) = @event switch
        {
            ExecutionEvent.Attempted a => (a.Signal, a.Settings, a.Attempt.Trigger, a.OpenPositions),
            ExecutionEvent.Answered a => (a.Signal ?? a.Call.Signal, a.Call.Settings ?? a.Settings, a.Call.Kind == ExchangeCallKind.Claim ? a.Call.Trigger : null, null),
            _ => ((Signal?)null, (UserSettings?)null, (ExecutionTrigger?)null, (int?)null),
        };
        signal ??= signalOf(signalId);
        settings ??= settingsOf(userId);
        return effect switch
        {
            Filter filter => ExecutionDecisions.NotExecuted(DecisionVerdict.Filtered, filter.Reason, DecisionStage.Executor, trigger, signalId, userId, signal, settings, @event.At, open),
            Block block => ExecutionDecisions.NotExecuted(DecisionVerdict.Blocked, block.Reason, DecisionStage.Executor, trigger, signalId, userId, signal, settings, @event.At),
            RefuseDuplicate { Trigger: ExecutionTrigger.Manual } refused => ExecutionDecisions.Duplicate(signalId, userId, Existing(refused.Existing), ExecutionTrigger.Manual, signal, settings, @event.At),
            Save { Publish: true, State: { IsSettled: true, Record: { Status: ExecutionStatus.Executed } record } } => ExecutionDecisions.Executed(record, signal, settings, @event.At),
            Save { Publish: true, State: { IsSettled: true, Record: { Status: ExecutionStatus.Failed } record } } => ExecutionDecisions.Failed(record, FailureRule(record), signal, settings, @event.At),
            _ => null,
        };
    }

    /// <summary>The rule of a failed record: the planner's refusal code, the exchange's error, or the executor's own reason.</summary>
    public static string FailureRule(SignalExecution record)
    {
        var details = record.ErrorDetails ?? "";
        if (details.StartsWith("code ", StringComparison.Ordinal))
        {
            // The exchange refused the order: "code -2019: Margin is insufficient."
            return details switch
            {
                _ when details.StartsWith("code -2019:", StringComparison.Ordinal) || details.StartsWith("code -2018:", StringComparison.Ordinal)
                    || details.Contains("insufficient", StringComparison.OrdinalIgnoreCase) => "insufficient-balance",
                _ when details.StartsWith("code -4164:", StringComparison.Ordinal) || details.Contains("NOTIONAL", StringComparison.Ordinal) => "below-min-notional",
                _ => "exchange-refused",
            };
        }

        if (details.Length > 0 && details.All(c => char.IsAsciiLetterLower(c) || c == '_'))
        {
            // The planner's refusal code (OrderRefusalCodes): insufficient_balance, below_min_notional, ...
            return ExecutionDecisions.RuleOf(details);
        }

        return record.FailureReason switch
        {
            UserExchangeResolver.NoCredentials => "no-credentials",
            UserExchangeResolver.CredentialsUnreadable => "credentials-unreadable",
            UserExchangeResolver.PaperNotConfigured => "paper-not-configured",
            ExecutionMachine.NoLongerExecutable => "no-longer-executable",
            ExecutionMachine.UserGone => ExecutionDecisions.UnknownUser,
            ExecutionMachine.SettledElsewhereFailed => "settled-elsewhere",
            _ => "order-failed",
        };
    }

    private static ExecutionStatus? Existing(string existing) => existing switch
    {
        "executed" => ExecutionStatus.Executed,
        "failed" => ExecutionStatus.Failed,
        "pending" => ExecutionStatus.Pending,
        _ => null,
    };
}
