using System.Globalization;
using System.Text.Json;

namespace SignalStreams.Contracts;

/// <summary>
/// Builds <see cref="ExecutionDecisionRecord"/>s for the router and the executor: the rule for each of their reason codes
/// (<see cref="UserSettings.RejectionReason"/>'s, the executor's policy codes) and the one sentence a user reads.
/// </summary>
public static class ExecutionDecisions
{
    public const string BotDisabled = "bot-disabled";
    public const string MinStrength = "min-strength";
    public const string Symbols = "symbols";
    public const string Markets = "markets";
    public const string MaxOpenPositions = "max-open-positions";
    public const string UnknownUser = "unknown-user";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";
    public const string Closed = "closed";
    public const string UnknownSignal = "unknown-signal";
    public const string OrderFilled = "order-filled";
    public const string AlreadyExecuted = "already-executed";
    public const string AlreadyAttempted = "already-attempted";
    public const string InProgress = "in-progress";

    /// <summary>The rule of a router or executor reason code (<c>below_min_strength</c> → <c>min-strength</c>); unknown codes are kebab-cased.</summary>
    public static string RuleOf(string reasonCode) => reasonCode switch
    {
        "bot_disabled" => BotDisabled,
        "below_min_strength" => MinStrength,
        "symbol_not_selected" => Symbols,
        "market_not_selected" => Markets,
        "max_open_positions" => MaxOpenPositions,
        "unknown_user" => UnknownUser,
        "signal_expired" => Expired,
        "signal_cancelled" => Cancelled,
        "signal_closed" => Closed,
        "unknown_signal" => UnknownSignal,
        _ => reasonCode.Replace('_', '-').ToLowerInvariant(),
    };

    /// <summary>A filtered (the user's settings) or blocked (the signal's state) pair: no SignalExecution exists for it.</summary>
    public static ExecutionDecisionRecord NotExecuted(
        DecisionVerdict verdict,
        string reasonCode,
        DecisionStage stage,
        ExecutionTrigger? trigger,
        string signalId,
        string userId,
        Signal? signal,
        UserSettings? settings,
        DateTimeOffset at,
        int? openPositions = null)
    {
        var rule = RuleOf(reasonCode);
        return New(signalId, userId, verdict, rule, Explain(rule, signal, settings, openPositions), stage, trigger, signal, settings, at) with
        {
            OpenPositions = rule == MaxOpenPositions ? openPositions : null,
        };
    }

    /// <summary>A second attempt of a pair that already has a record (<paramref name="existing"/>; null = settled by another instance).</summary>
    public static ExecutionDecisionRecord Duplicate(string signalId, string userId, ExecutionStatus? existing, ExecutionTrigger trigger, Signal? signal, UserSettings? settings, DateTimeOffset at)
    {
        var (rule, reason) = existing switch
        {
            ExecutionStatus.Failed => (AlreadyAttempted, "You already tried this signal and it failed; a signal is tried once per user."),
            ExecutionStatus.Pending => (InProgress, "This signal is already being executed for you; it is not ordered twice."),
            _ => (AlreadyExecuted, "You have already executed this signal; it is not ordered twice."),
        };
        return New(signalId, userId, DecisionVerdict.DuplicateRefused, rule, reason, DecisionStage.Executor, trigger, signal, settings, at) with { ExecutionStatus = existing };
    }

    /// <summary>The pair's SignalExecution settled as executed.</summary>
    public static ExecutionDecisionRecord Executed(SignalExecution record, Signal? signal, UserSettings? settings, DateTimeOffset at)
    {
        var what = signal is null
            ? Text(record.Quantity)
            : $"{(signal.Side == OrderSide.Buy ? "bought" : "sold")} {Text(record.Quantity)} {signal.Symbol}";
        var reason = $"This signal was executed for you: {what} at {Text(record.ActualEntryPrice)} (order {record.OrderId}).";
        return New(record.SignalId, record.UserId, DecisionVerdict.Executed, OrderFilled, reason, DecisionStage.Executor, null, signal, settings, at) with { ExecutionStatus = record.Status };
    }

    /// <summary>The pair's SignalExecution settled as failed; <paramref name="rule"/> names the cause (e.g. <c>insufficient-balance</c>).</summary>
    public static ExecutionDecisionRecord Failed(SignalExecution record, string rule, Signal? signal, UserSettings? settings, DateTimeOffset at)
    {
        var why = string.IsNullOrWhiteSpace(record.FailureReason) ? "the exchange did not take the order." : record.FailureReason.Trim();
        var reason = "Executing this signal for you failed: " + char.ToLowerInvariant(why[0]) + why[1..] + (why.EndsWith('.') ? "" : ".");
        return New(record.SignalId, record.UserId, DecisionVerdict.Failed, rule, reason, DecisionStage.Executor, null, signal, settings, at) with { ExecutionStatus = record.Status };
    }

    private static ExecutionDecisionRecord New(string signalId, string userId, DecisionVerdict verdict, string rule, string reason, DecisionStage stage, ExecutionTrigger? trigger, Signal? signal, UserSettings? settings, DateTimeOffset at) => new()
    {
        SignalId = signalId,
        UserId = userId,
        Verdict = verdict,
        Rule = rule,
        Reason = reason,
        Stage = stage,
        Trigger = trigger,
        DecidedAt = at,
        Settings = settings is null ? null : DecisionSettings.Of(settings),
        Signal = signal is null ? null : DecisionSignal.Of(signal),
    };

    private static string Explain(string rule, Signal? signal, UserSettings? settings, int? openPositions) => rule switch
    {
        BotDisabled => "Your bot is switched off, so it takes no signals.",
        MinStrength when signal is not null && settings is not null => $"This signal is {Wire(signal.Strength, ContractsJsonContext.Default.SignalStrength)}; your minimum is {Wire(settings.MinStrength, ContractsJsonContext.Default.SignalStrength)}.",
        Symbols when signal is not null && settings is not null => $"This signal trades {signal.Symbol}, which is not among your symbols ({string.Join(", ", settings.Symbols ?? [])}).",
        Markets when signal is not null && settings is not null => $"This signal is for the {Wire(signal.Market, ContractsJsonContext.Default.MarketType)} market, which is not among your markets ({string.Join(", ", (settings.Markets ?? []).Select(m => Wire(m, ContractsJsonContext.Default.MarketType)))}).",
        MaxOpenPositions when settings is not null => $"You already have {openPositions ?? 0} open positions; your maximum is {settings.MaxOpenPositions}.",
        UnknownUser => "There are no bot settings for this user, so nothing is executed for them.",
        Expired when signal is not null => $"This signal expired at {signal.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, before it could be executed for you.",
        Expired => "This signal has expired, so it is no longer executed for anyone.",
        Cancelled => "This signal was cancelled by its source before it could be executed for you.",
        Closed => "This signal was closed by its source before it could be executed for you.",
        UnknownSignal => "This signal was not known to the executor, so it could not be executed for you.",
        _ => $"This signal was not executed for you (rule {rule}).",
    };

    private static string Wire<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Serialize(value, typeInfo).Trim('"');

    private static string Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
