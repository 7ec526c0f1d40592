using SignalStreams.Contracts;
using SignalStreams.Redis;
using SignalStreams.Telegram;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// The life of one MT5 position as ONE pure function, <c>(state as it is now, input, now) → (state', effects)</c>
/// (DESIGN.md §2, lock-first). The live path (events), the answers of effects and the timer (trailing edits, held
/// claims, retention) all go through <see cref="Step"/>; nothing else changes a position.
/// <code>
/// (none|failed|stale processing) ──UPDATED──► claim ──ours──► processing/PENDING (durable) ──publish──► completed (durable)
///   ──send──► sent | unknown (never resent) | failed (next event resends behind a durable unknown marker)
/// completed ──UPDATED, new profit──► edit now, or pending until the interval ends (trailing, durable)
/// completed ──REMOVED──► closed: closing edit (wins over a pending one), signal CLOSED (followers close with the source)
/// closed ──retention──► retired marker ──marker retention──► forgotten
/// </code>
/// </summary>
public sealed partial class PositionMachine(PositionMachineSettings settings, PositionSignals signals, PositionMessageFormatter formatter)
{
    public PositionMachineSettings Settings => settings;

    public PositionTransition Step(PositionState? state, PositionInput input, DateTimeOffset now) => input switch
    {
        PositionInput.Observed o => OnEvent(state, o.Event, now),
        PositionInput.Claimed c => OnClaimed(state, c, now),
        PositionInput.SignalPublished p => OnPublished(Require(state, input), p.Signal, now),
        PositionInput.SignalFailed => OnSignalFailed(Require(state, input), now),
        PositionInput.SignalClosed c => OnSignalClosed(Require(state, input), c, now),
        PositionInput.MessageSent s => OnSent(Require(state, input), s, now),
        PositionInput.MessageEdited e => OnEdited(Require(state, input), e, now),
        PositionInput.Tick => OnTick(state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown position input."),
    };

    /// <summary>When the timer must look at this state next (null: never), so the timer finds due positions by an index.</summary>
    public DateTimeOffset? NextDue(PositionState? state)
    {
        if (state is null)
        {
            return null;
        }

        if (state.IsRetired)
        {
            return state.RetiredAt + settings.RetiredMarkerRetention;
        }

        DateTimeOffset? due = null;
        if (state.ClosedAt is { } closedAt)
        {
            due = Earliest(due, closedAt + settings.StateRetention);
        }
        else if (state.RetryOpenAt is { } retry)
        {
            due = Earliest(due, retry);
        }

        if (state.PendingText is not null && ShownMessageId(state) is not null)
        {
            due = Earliest(due, (state.MessageChangedAt ?? DateTimeOffset.MinValue) + settings.EditInterval);
        }

        if (state.CloseSignalAt is { } closeSignal)
        {
            due = Earliest(due, closeSignal);
        }

        return due;
    }

    private PositionTransition OnEvent(PositionState? original, PositionEvent e, DateTimeOffset now)
    {
        var state = original ?? PositionState.New(e.AccountId, e.PositionId);
        if (state.IsRetired || state.IsClosed)
        {
            return PositionTransition.Unchanged(original);
        }

        var mapping = state.Mapping;
        if (e.EventType == PositionEventType.Removed)
        {
            return mapping switch
            {
                null => new(original, [], false, PositionOutcome.ClosedUnseen),
                { Status: not MappingStatus.Completed } => CloseBeforeCompletion(state, mapping, e, now),
                _ => CloseCompleted(state, mapping, e, now),
            };
        }

        if (mapping is not { Status: MappingStatus.Completed })
        {
            // Checked before the claim: an event that can never become a signal costs no Redis call and no write.
            var (_, problem) = signals.TryBuild(e, mapping?.CreatedAt ?? now);
            return problem is not null
                ? new(original, [new PositionEffect.Reject(problem)], false, PositionOutcome.Rejected)
                : new(original, [new PositionEffect.Claim(e)], false, PositionOutcome.ClaimRequested);
        }

        return OnCompletedUpdate(state, mapping, e, now) ?? PositionTransition.Unchanged(original);
    }

    private PositionTransition OnClaimed(PositionState? original, PositionInput.Claimed claimed, DateTimeOffset now)
    {
        var e = claimed.Event;
        var state = original ?? PositionState.New(e.AccountId, e.PositionId);
        if (state.IsRetired || state.IsClosed || state.Mapping is { Status: MappingStatus.Completed })
        {
            return PositionTransition.Unchanged(original);
        }

        switch (claimed.Claim)
        {
            case ClaimStatus.Done:
                // Another instance completed it during a rebalance while this store was behind: nothing to do.
                return new(original is null ? null : state with { OpeningEvent = null, RetryOpenAt = null }, [], false, PositionOutcome.CompletedElsewhere);
            case ClaimStatus.Held:
                return new(state with { OpeningEvent = e, RetryOpenAt = now + settings.HeldRetryInterval }, [], false, PositionOutcome.Held);
        }

        // First, Again or Unavailable: ours. The same createdAt on every retry makes the retry the very same signal.
        var createdAt = state.Mapping?.CreatedAt ?? now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var (signal, problem) = signals.TryBuild(e, createdAt);
        if (signal is null)
        {
            return new(original, [new PositionEffect.Reject(problem!)], false, PositionOutcome.Rejected);
        }

        var processing = new Mt5SignalMapping
        {
            AccountId = e.AccountId,
            PositionId = e.PositionId,
            SignalId = Mt5Keys.PendingSignalId,
            Pair = signal.Symbol,
            Status = MappingStatus.Processing,
            CreatedAt = createdAt,
            UpdatedAt = now,
            LastKnownProfit = e.Profit,
        };
        // The lock: durable before the signal exists.
        return new(state with { Mapping = processing, OpeningEvent = e, RetryOpenAt = null }, [new PositionEffect.PublishSignal(signal)], true, PositionOutcome.Processing);
    }

    private PositionTransition OnPublished(PositionState state, Signal signal, DateTimeOffset now)
    {
        var mapping = state.Mapping ?? throw new InvalidOperationException($"Position {state.Key} has no mapping to complete.");
        var completed = mapping with { SignalId = signal.SignalId, Status = MappingStatus.Completed, UpdatedAt = now };
        var opening = state.OpeningEvent ?? throw new InvalidOperationException($"Position {state.Key} has no opening event.");
        var text = formatter.Format(PositionMessageKind.Opened, opening, completed.SignalId, completed.Pair);
        // Durable before Telegram: "completed without a telegram mapping" then means the send may have happened.
        return new(
            state with { Mapping = completed, OpeningEvent = null },
            [new PositionEffect.CompleteClaim(), new PositionEffect.SendMessage(settings.ChatId, text)],
            true,
            PositionOutcome.Opened);
    }

    private static PositionTransition OnSignalFailed(PositionState state, DateTimeOffset now)
    {
        var mapping = state.Mapping ?? throw new InvalidOperationException($"Position {state.Key} has no mapping to fail.");
        return new(
            state with { Mapping = mapping with { Status = MappingStatus.Failed, UpdatedAt = now }, OpeningEvent = null },
            [new PositionEffect.ReleaseClaim()],
            true,
            PositionOutcome.SignalFailed);
    }

    private static PositionState Require(PositionState? state, PositionInput input) =>
        state ?? throw new InvalidOperationException($"{input.GetType().Name} arrived for a position the store does not hold.");

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private static long? ShownMessageId(PositionState state) =>
        state.Telegram is { Status: TelegramDeliveryStatus.Sent, MessageId: { } id } ? id : null;
}
