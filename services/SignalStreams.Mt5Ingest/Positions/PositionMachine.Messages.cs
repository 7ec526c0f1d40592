using SignalStreams.Contracts;
using SignalStreams.Telegram;

namespace SignalStreams.Mt5Ingest;

/// <summary>The message side of the machine: sends, throttled trailing edits, the close and the timer.</summary>
public sealed partial class PositionMachine
{
    /// <summary>UPDATED for a completed position; null when it changes nothing (a duplicate).</summary>
    private PositionTransition? OnCompletedUpdate(PositionState state, Mt5SignalMapping mapping, PositionEvent e, DateTimeOffset now)
    {
        var telegram = state.Telegram;
        if (telegram is null)
        {
            return Interrupted(state, mapping, now);
        }

        if (telegram.Status == TelegramDeliveryStatus.Failed)
        {
            // Known not delivered: send again, behind a durable unknown marker (a crash during the call → never a second).
            var text = formatter.Format(PositionMessageKind.Opened, e, mapping.SignalId, mapping.Pair);
            return new(
                state with { Telegram = TelegramRecord(mapping, TelegramDeliveryStatus.Unknown, null, now) },
                [new PositionEffect.SendMessage(settings.ChatId, text)],
                true,
                PositionOutcome.Resending);
        }

        if (e.Profit == mapping.LastKnownProfit)
        {
            return null;
        }

        var updated = state with { Mapping = mapping with { LastKnownProfit = e.Profit, UpdatedAt = now } };
        if (ShownMessageId(state) is not { } messageId)
        {
            return new(updated, [], false, PositionOutcome.Updated); // unknown: no message id, nothing to edit
        }

        var latest = formatter.Format(PositionMessageKind.Updated, e, mapping.SignalId, mapping.Pair);
        if (latest == state.ShownText)
        {
            return new(updated with { PendingText = null }, [], false, PositionOutcome.Updated);
        }

        // Pending until the edit's answer (or the interval's end) says it is shown: a restart still ends with it.
        updated = updated with { PendingText = latest };
        return EditDue(state, now)
            ? new(updated, [new PositionEffect.EditMessage(telegram.ChatId, messageId, latest)], false, PositionOutcome.Updated)
            : new(updated, [], false, PositionOutcome.EditThrottled);
    }

    private PositionTransition CloseCompleted(PositionState state, Mt5SignalMapping mapping, PositionEvent e, DateTimeOffset now)
    {
        var closed = state with
        {
            Mapping = mapping with { LastKnownProfit = e.Profit, ClosedAt = now, UpdatedAt = now },
            ClosedAt = now,
            PendingText = null,
            RetryOpenAt = null,
            CloseSignalAt = now,
        };
        var effects = new List<PositionEffect>();
        var outcome = PositionOutcome.Closed;
        if (state.Telegram is null)
        {
            closed = closed with { Telegram = TelegramRecord(mapping, TelegramDeliveryStatus.Unknown, null, now) };
            outcome = PositionOutcome.Interrupted;
        }
        else if (ShownMessageId(state) is { } messageId)
        {
            // The close wins over any pending update: its text replaces the pending one and is not throttled.
            var text = formatter.Format(PositionMessageKind.Closed, e, mapping.SignalId, mapping.Pair);
            closed = closed with { PendingText = text };
            effects.Add(new PositionEffect.EditMessage(state.Telegram.ChatId, messageId, text));
        }

        // The source has exited: the signal is CLOSED even after it expired, since followers who opened it hold positions.
        effects.Add(new PositionEffect.CloseSignal(mapping.SignalId));

        return new(closed, effects, false, outcome);
    }

    private static PositionTransition CloseBeforeCompletion(PositionState state, Mt5SignalMapping mapping, PositionEvent e, DateTimeOffset now)
    {
        // processing (an instance stopped mid-way) or failed (a publish that timed out may have landed after all):
        // the signal may exist, so close it if it does; closed, a late UPDATED never opens the position.
        var closed = state with
        {
            Mapping = mapping with { LastKnownProfit = e.Profit, ClosedAt = now, UpdatedAt = now },
            ClosedAt = now,
            OpeningEvent = null,
            RetryOpenAt = null,
            CloseSignalAt = now,
        };
        IReadOnlyList<PositionEffect> effects = [new PositionEffect.CloseSignal(Mt5Keys.SignalIdFor(e.AccountId, e.PositionId))];
        return new(closed, effects, false, PositionOutcome.ClosedBeforeCompletion);
    }

    private PositionTransition OnSent(PositionState state, PositionInput.MessageSent sent, DateTimeOffset now)
    {
        var mapping = state.Mapping ?? throw new InvalidOperationException($"Position {state.Key} has no mapping to message.");
        var messageId = (sent.Result as TelegramResult.Sent)?.MessageId;
        var next = state with { Telegram = TelegramRecord(mapping, sent.Result.DeliveryStatus, messageId, now), MessageChangedAt = now };
        if (messageId is not null)
        {
            next = next with { ShownText = sent.Text };
        }

        var outcome = sent.Result switch
        {
            TelegramResult.Sent => PositionOutcome.Sent,
            TelegramResult.Failed => PositionOutcome.SendFailed,
            _ => PositionOutcome.SendUnknown,
        };
        return new(next, [], false, outcome);
    }

    private static PositionTransition OnEdited(PositionState state, PositionInput.MessageEdited edited, DateTimeOffset now)
    {
        var next = state with { MessageChangedAt = now };
        if (edited.Result.IsSuccess)
        {
            next = next with { ShownText = edited.Text, PendingText = state.PendingText == edited.Text ? null : state.PendingText };
            return new(next, [], false, PositionOutcome.Edited);
        }

        // Refused by Telegram (e.g. the message was deleted): give this text up. Unknown, or never left: the timer
        // tries the pending text again once the interval has passed.
        if (edited.Result is TelegramResult.Failed { ErrorCode: not null } && state.PendingText == edited.Text)
        {
            next = next with { PendingText = null };
        }

        return new(next, [], false, PositionOutcome.EditNotApplied);
    }

    private PositionTransition OnTick(PositionState? state, DateTimeOffset now)
    {
        if (state is null)
        {
            return PositionTransition.Unchanged(null);
        }

        if (state.IsRetired)
        {
            return now >= state.RetiredAt + settings.RetiredMarkerRetention
                ? new(null, [], false, PositionOutcome.Forgotten)
                : PositionTransition.Unchanged(state);
        }

        if (state.CloseSignalAt is { } closeSignal && now >= closeSignal)
        {
            // The close is not acknowledged yet (a failure, or a crash before the answer): asked again; the answer clears it.
            var signalId = state.Mapping is { Status: MappingStatus.Completed } mapping ? mapping.SignalId : Mt5Keys.SignalIdFor(state.AccountId, state.PositionId);
            return new(state with { CloseSignalAt = now + settings.HeldRetryInterval }, [new PositionEffect.CloseSignal(signalId)], false, PositionOutcome.Unchanged);
        }

        if (state.ClosedAt is { } closedAt && now >= closedAt + settings.StateRetention)
        {
            // Only the marker stays: a late event for this position finds it and creates nothing.
            var marker = PositionState.New(state.AccountId, state.PositionId) with { ClosedAt = closedAt, RetiredAt = now };
            return new(marker, [], false, PositionOutcome.Retired);
        }

        if (!state.IsClosed && state.RetryOpenAt is { } retry && now >= retry && state.OpeningEvent is { } opening
            && state.Mapping is not { Status: MappingStatus.Completed })
        {
            return new(state with { RetryOpenAt = null }, [new PositionEffect.Claim(opening)], false, PositionOutcome.ClaimRequested);
        }

        if (state.PendingText is { } pending && ShownMessageId(state) is { } messageId && EditDue(state, now))
        {
            return new(state, [new PositionEffect.EditMessage(state.Telegram!.ChatId, messageId, pending)], false, PositionOutcome.Updated);
        }

        return PositionTransition.Unchanged(state);
    }

    private PositionTransition OnSignalClosed(PositionState state, PositionInput.SignalClosed closed, DateTimeOffset now) =>
        closed.Done
            ? new(state with { CloseSignalAt = null }, [], false, PositionOutcome.Unchanged)
            : new(state with { CloseSignalAt = now + settings.HeldRetryInterval }, [], false, PositionOutcome.Unchanged);

    private PositionTransition Interrupted(PositionState state, Mt5SignalMapping mapping, DateTimeOffset now) =>
        new(state with { Telegram = TelegramRecord(mapping, TelegramDeliveryStatus.Unknown, null, now) }, [], false, PositionOutcome.Interrupted);

    private bool EditDue(PositionState state, DateTimeOffset now) =>
        state.MessageChangedAt is not { } changedAt || now >= changedAt + settings.EditInterval;

    private TelegramMapping TelegramRecord(Mt5SignalMapping mapping, TelegramDeliveryStatus status, long? messageId, DateTimeOffset now) => new()
    {
        AccountId = mapping.AccountId,
        PositionId = mapping.PositionId,
        SignalId = mapping.SignalId,
        ChatId = settings.ChatId,
        MessageId = messageId,
        Status = status,
        SentAt = messageId is null ? null : now,
        UpdatedAt = now,
    };
}
