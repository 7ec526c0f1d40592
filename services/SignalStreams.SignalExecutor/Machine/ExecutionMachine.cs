using SignalStreams.Contracts;
using SignalStreams.Redis;
using static SignalStreams.SignalExecutor.Machine.ExecutionEffect;

namespace SignalStreams.SignalExecutor.Machine;

/// <summary>
/// The one transition function of a (signal, user): <c>(state as it is now, event) → (state', effects)</c>, pure.
/// none → pending → executed | failed. The live path, the exchange's answers and the reconcile timer all come
/// through here, so no second code path settles a pair. Invariants (each has a test):
/// <list type="number">
/// <item>Record before effect: a call is only ever asked for after a <see cref="Save"/> of a pending state that names
/// the exchange, market, symbol and clientOrderId; the topology runs it once that save is acknowledged.</item>
/// <item>Look before placing again: after any answer that is not a clear fill or refusal, the next call is a lookup.
/// An order is placed again only after a lookup made a confirmation window after the last uncertain call found
/// nothing, and only while the signal is executable.</item>
/// <item>Settled is final: an executed or failed record is never changed by any event (an executed pair's position
/// lives on in <see cref="ExecutionState.Life"/>: see ExecutionMachine.Positions.cs; a Closed position is final).</item>
/// <item>A late-visible order is found by a later lookup and settles the pending record as executed; it is never ordered again.</item>
/// </list>
/// </summary>
public sealed partial class ExecutionMachine(ExecutionMachineSettings settings)
{
    public const string DuplicateMessage = "You have already executed this signal";
    public const string NoLongerExecutable = "The signal expired or was cancelled before the order could be placed.";
    public const string UserGone = "The user no longer exists; no order was placed for this attempt.";
    public const string SettledElsewhereFailed = "Another executor instance settled this execution as failed; no order exists for it.";

    public ExecutionTransition Apply(ExecutionState? state, ExecutionEvent @event) => @event switch
    {
        ExecutionEvent.Attempted attempted => OnAttempt(state, attempted),
        ExecutionEvent.Answered answered => OnAnswer(state, answered),
        ExecutionEvent.Ticked ticked => OnTick(state, ticked),
        ExecutionEvent.CloseRequested close => OnCloseRequested(state, close),
        ExecutionEvent.CheckDue check => OnCheckDue(state, check),
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };

    private ExecutionTransition OnAttempt(ExecutionState? state, ExecutionEvent.Attempted e)
    {
        var attempt = e.Attempt;
        if (state is null && e.CallInFlight)
        {
            // An earlier attempt of the pair is taking its claim: this one is decided once that one is.
            return ExecutionTransition.Unchanged(null, new RetryLater(attempt, e.At + settings.UnknownSignalRetry, $"An earlier attempt of {attempt.Key} is still being claimed."));
        }

        if (state is not null)
        {
            if (state.IsSettled || e.CallInFlight)
            {
                return ExecutionTransition.Unchanged(state, new RefuseDuplicate(attempt.Trigger, state.Record.Status.ToString().ToLowerInvariant()));
            }

            // A replay after a crash or a second request while pending: settle the earlier attempt, never start another.
            var lookup = Lookup(state, e.At, e.Signal, null);
            return lookup with { Effects = [.. lookup.Effects, new RefuseDuplicate(attempt.Trigger, "pending")] };
        }

        if (e.Signal is null && e.At - attempt.IssuedAt < settings.UnknownSignalWait)
        {
            // The API accepted the request on ITS view of the signal; this table may simply be behind.
            var retryAt = Min(e.At + settings.UnknownSignalRetry, attempt.IssuedAt + settings.UnknownSignalWait);
            return ExecutionTransition.Unchanged(null, new RetryLater(attempt, retryAt, $"Signal {attempt.SignalId} is not in the executor's signals table yet; the request waits for it until {attempt.IssuedAt + settings.UnknownSignalWait:O}."));
        }

        var decision = ExecutionPolicy.Decide(e.Signal, e.Settings, attempt.Trigger, e.At, e.OpenPositions);
        switch (decision.Verdict)
        {
            case ExecutionVerdict.Filtered:
                return ExecutionTransition.Unchanged(null, new Filter(decision.Reason!));
            case ExecutionVerdict.Blocked:
                return ExecutionTransition.Unchanged(null, new Block(decision.Reason!));
        }

        var signal = e.Signal!;
        var record = ExecutionRecords.Pending(attempt, e.Settings, e.At);
        if (!e.Route.IsAvailable)
        {
            // No record existed, so no order can exist: nothing to look up.
            var failed = NewState(record, e.Route.Venue, signal, e.At) with { Record = ExecutionRecords.Failed(record, e.Route.FailureReason!, null, e.At), Signal = null };
            return new ExecutionTransition(failed, [new Save(failed, Publish: true), new CompleteClaim(attempt.SignalId, attempt.UserId, "failed")]);
        }

        // The Redis claim comes first, before anything is recorded: a pair another instance finished is refused
        // without a record. Whatever Redis answers, the pending record is written before any exchange call.
        var claim = CallFor(NewState(record, e.Route.Venue, signal, e.At), ExchangeCallKind.Claim, lookupFirst: false, signal, e.Settings)
            with { Trigger = attempt.Trigger, IssuedAt = attempt.IssuedAt };
        return ExecutionTransition.Unchanged(null, new Call(claim));
    }

    private ExecutionTransition OnClaimed(ExecutionEvent.Answered e)
    {
        var call = e.Call;
        var attempt = new ExecutionAttempt(call.SignalId, call.UserId, call.Trigger, call.Signal, call.IssuedAt);
        switch (e.Result)
        {
            case CallResult.Claimed { Status: ClaimStatus.Done }:
                return ExecutionTransition.Unchanged(null, new RefuseDuplicate(call.Trigger, "done elsewhere"));
            case CallResult.Claimed { Status: ClaimStatus.Held }:
                return ExecutionTransition.Unchanged(null, new RetryLater(attempt, e.At + settings.ReconcileGrace, $"Another executor instance is executing {call.Key} right now."));
            case CallResult.Claimed claimed:
                {
                    var signal = e.Signal ?? call.Signal;
                    var decision = ExecutionPolicy.Decide(signal, call.Settings, ExecutionTrigger.Manual, e.At);
                    switch (decision.Verdict)
                    {
                        case ExecutionVerdict.Blocked:
                            return ExecutionTransition.Unchanged(null, new Block(decision.Reason!));
                        case ExecutionVerdict.Filtered:
                            return ExecutionTransition.Unchanged(null, new Filter(decision.Reason!));
                    }

                    var record = ExecutionRecords.Pending(attempt, call.Settings, e.At);
                    var pending = NewState(record, call.Venue, signal, e.At) with { Calls = 1, UncertainSince = e.At };
                    // First: Redis and the store agree that no earlier attempt exists. Again or Unavailable: one may have
                    // existed (or Redis cannot say): the order is looked up before it is placed.
                    var first = claimed.Status == ClaimStatus.First;
                    var place = CallFor(pending, ExchangeCallKind.Place, lookupFirst: !first, signal, call.Settings) with { Trigger = call.Trigger, ClaimTakenAt = first ? e.At : null };
                    return new ExecutionTransition(pending, [new Save(pending, Publish: true), new Call(place)]);
                }

            default:
                return ExecutionTransition.Unchanged(null, new RetryLater(attempt, e.At + settings.ReconcileGrace, $"The claim of {call.Key} could not be taken: {(e.Result as CallResult.Unknown)?.Reason}"));
        }
    }

    private ExecutionTransition OnAnswer(ExecutionState? state, ExecutionEvent.Answered e)
    {
        if (e.Call.Kind == ExchangeCallKind.Claim)
        {
            return state is null ? OnClaimed(e) : ExecutionTransition.Unchanged(state);
        }

        if (state is { IsSettled: true, Life: not null } && e.Call.Kind is ExchangeCallKind.Protect or ExchangeCallKind.Close or ExchangeCallKind.Check)
        {
            return OnPositionAnswer(state, e);
        }

        if (state is null || state.IsSettled || e.Call.Kind is ExchangeCallKind.Protect or ExchangeCallKind.Close or ExchangeCallKind.Check)
        {
            return ExecutionTransition.Unchanged(state);
        }

        var result = e.Result;
        if (e.Call.Number != state.Calls && result is not CallResult.Filled)
        {
            // An answer to an older call: only a fill is news, anything else the newer call will tell.
            return ExecutionTransition.Unchanged(state);
        }

        var signal = state.Signal ?? e.Call.Signal;
        if (e.Call.Kind == ExchangeCallKind.Confirm && result is not CallResult.Confirmed)
        {
            return StayPending(state, e.At, "The position sent before the executed record was not acknowledged.", null);
        }

        if (state.Confirming is not null && result is CallResult.NotFound or CallResult.Rejected or CallResult.SettledElsewhere)
        {
            // The order is known to have filled: a lookup that misses it is lagging, never a reason to place or fail.
            return StayPending(state, e.At, "A lookup missed an order that is known to have filled.", null);
        }

        if (e.Call.Kind == ExchangeCallKind.Place && result is CallResult.Unknown or CallResult.NotFound)
        {
            // The order may have been sent at any moment up to this answer (even after waiting for a slot).
            state = state with { UncertainSince = e.At };
        }

        switch (result)
        {
            case CallResult.Filled { Order.ExecutedQuantity: > 0 } filled:
                {
                    // The position first; the executed record only once the position is durable (a confirm call).
                    var executedRecord = ExecutionRecords.Executed(state.Record, signal, filled.Order, null, e.At);
                    var confirming = state with { Calls = state.Calls + 1, Confirming = executedRecord, NextCheckAt = e.At + settings.ReconcileGrace, LastProblem = null };
                    var confirm = CallFor(confirming, ExchangeCallKind.Confirm, lookupFirst: false, signal, null);
                    List<ExecutionEffect> effects = [new PublishPosition(ExecutionRecords.PositionOf(executedRecord, signal)), new Save(confirming, Publish: false), new Call(confirm)];
                    if (filled.Order.FoundByLookup || e.Call.Kind == ExchangeCallKind.Lookup)
                    {
                        effects.Add(new Reconciled("found"));
                    }

                    return new ExecutionTransition(confirming, effects);
                }

            case CallResult.Confirmed when state.Confirming is { } executedRecord:
                return StartLife(state, executedRecord, signal, e);

            case CallResult.Filled accepted:
                return StayPending(state, e.At, $"Order {accepted.Order.OrderId} is {accepted.Order.Status} with nothing filled yet.", null);
            case CallResult.Rejected rejected:
                return Fail(state, rejected.Reason, rejected.Details, e.At);
            case CallResult.SettledElsewhere { Status: "failed" }:
                return Fail(state, SettledElsewhereFailed, null, e.At);
            case CallResult.SettledElsewhere elsewhere:
                return StayPending(state, e.At, $"Another instance settled the pair {elsewhere.Status}; looking for its order.", null);
            case CallResult.Unknown unknown:
                return StayPending(state, e.At, unknown.Reason, unknown.RetryAfter);
            case CallResult.NotFound notFound when e.Call.Kind == ExchangeCallKind.Place || e.At - (state.UncertainSince ?? DateTimeOffset.MinValue) < settings.NotFoundConfirmation:
                {
                    // Not yet proof of "never placed": the order may still become visible.
                    var waiting = StayPending(state, e.At, notFound.Reason, null);
                    return waiting with { Effects = [.. waiting.Effects, new Reconciled("not_found_yet")] };
                }

            case CallResult.NotFound:
                {
                    var current = e.Signal ?? state.Signal;
                    if (current is not null && current.IsExecutableAt(e.At) && e.Settings is not null)
                    {
                        var again = state with { Calls = state.Calls + 1, UncertainSince = e.At, NextCheckAt = e.At + settings.ReconcileGrace, LastProblem = null };
                        return new ExecutionTransition(again, [new Save(again, Publish: false), new Reconciled("not_found"), new Call(CallFor(again, ExchangeCallKind.Place, lookupFirst: true, current, e.Settings))]);
                    }

                    var failed = Fail(state, e.Settings is null && current?.IsExecutableAt(e.At) == true ? UserGone : NoLongerExecutable, null, e.At);
                    return failed with { Effects = [.. failed.Effects, new Reconciled("not_found")] };
                }

            default:
                return ExecutionTransition.Unchanged(state);
        }
    }

    private ExecutionTransition OnTick(ExecutionState? state, ExecutionEvent.Ticked e) =>
        state is { IsSettled: true } ? OnPositionTick(state, e)
        : state is null || e.CallInFlight || e.At < state.NextCheckAt
            ? ExecutionTransition.Unchanged(state)
            : Lookup(state, e.At, null, null);

    private ExecutionTransition Lookup(ExecutionState state, DateTimeOffset now, Signal? current, UserSettings? userSettings)
    {
        var next = state with { Calls = state.Calls + 1, NextCheckAt = now + settings.ReconcileGrace };
        var call = CallFor(next, ExchangeCallKind.Lookup, lookupFirst: true, current ?? state.Signal!, userSettings);
        return new ExecutionTransition(next, [new Save(next, Publish: false), new Call(call)]);
    }

    private ExecutionTransition StayPending(ExecutionState state, DateTimeOffset now, string problem, TimeSpan? retryAfter)
    {
        var wait = retryAfter is { } after && after > settings.ReconcileGrace ? after : settings.ReconcileGrace;
        var next = state with { NextCheckAt = now + wait, LastProblem = problem };
        return new ExecutionTransition(next, [new Save(next, Publish: false)]);
    }

    private static ExecutionTransition Fail(ExecutionState state, string reason, string? details, DateTimeOffset now)
    {
        var failed = Settle(state, ExecutionRecords.Failed(state.Record, reason, details, now));
        return new ExecutionTransition(failed, [new Save(failed, Publish: true), new CompleteClaim(state.Record.SignalId, state.Record.UserId, "failed")]);
    }

    private static ExecutionState Settle(ExecutionState state, SignalExecution record) =>
        state with { Record = record, Signal = null, LastProblem = null, UncertainSince = null, Confirming = null };

    private ExecutionState NewState(SignalExecution record, string venue, Signal signal, DateTimeOffset now) => new()
    {
        Record = record,
        Venue = venue,
        Market = signal.Market,
        Symbol = signal.Symbol,
        Signal = signal,
        NextCheckAt = now + settings.ReconcileGrace,
    };

    private static ExchangeCall CallFor(ExecutionState state, ExchangeCallKind kind, bool lookupFirst, Signal signal, UserSettings? userSettings) => new(
        state.Record.SignalId,
        state.Record.UserId,
        state.Calls,
        kind,
        lookupFirst,
        state.Venue,
        state.Market,
        state.Symbol,
        state.Record.ClientOrderId,
        signal,
        userSettings);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
