using SignalStreams.Contracts;
using SignalStreams.Exchange.Protection;
using static SignalStreams.SignalExecutor.Machine.ExecutionEffect;

namespace SignalStreams.SignalExecutor.Machine;

/// <summary>
/// The position's life after the entry executed: Protecting → Open → Closing → Closed (Closed is final). Same rules as
/// the entry: every call is named by a saved state first (record before effect); every protective and closing order
/// has a deterministic clientOrderId and is looked up before it is placed (look before placing again); the close
/// order is placed again only a confirmation window after the last call that may have sent it; a Closed position
/// never orders anything again.
/// </summary>
public sealed partial class ExecutionMachine
{
    public const string AlreadyClosed = "The position is already closed; nothing was ordered.";
    public const string AlreadyClosing = "The position is already being closed; nothing more was ordered.";
    public const string NoPosition = "The pair has no open position (never executed here); nothing was ordered.";

    /// <summary>The entry's executed record is durable: the position starts its life (protection, or a close at once).</summary>
    private ExecutionTransition StartLife(ExecutionState state, SignalExecution executedRecord, Signal signal, ExecutionEvent.Answered e)
    {
        var settled = Settle(state, executedRecord);
        var position = ExecutionRecords.PositionOf(executedRecord, signal) with { UpdatedAt = e.At };
        var (stop, take) = Targets(signal, e.Settings?.Protection, position.EntryPrice, position.Side);
        var ids = Ids(executedRecord, signal.Market);
        List<ExecutionEffect> done = [new CompleteClaim(state.Record.SignalId, state.Record.UserId, "executed")];

        if (e.Signal is { Status: SignalStatus.Closed })
        {
            // The source left while the entry was on its way: close at once, never protect.
            var closing = settled with { Life = new PositionLife { Position = position, Phase = PositionPhase.Open } };
            return Close(closing, PositionCloseReason.SourceClosed, "The source closed the signal while the entry was being filled.", e.At, callInFlight: false, done);
        }

        if (stop is { } s && (position.Side == OrderSide.Buy ? s >= position.EntryPrice : s <= position.EntryPrice))
        {
            var crossed = settled with { Life = new PositionLife { Position = position with { StopLoss = s }, Phase = PositionPhase.Open } };
            return Close(crossed, PositionCloseReason.StopLoss, $"The stop-loss {s} was already crossed at the fill price {position.EntryPrice}; the position was closed at market.", e.At, callInFlight: false, done);
        }

        if (take is { } t && (position.Side == OrderSide.Buy ? t <= position.EntryPrice : t >= position.EntryPrice))
        {
            var crossed = settled with { Life = new PositionLife { Position = position with { TakeProfit = t }, Phase = PositionPhase.Open } };
            return Close(crossed, PositionCloseReason.TakeProfit, $"The take-profit {t} was already reached at the fill price {position.EntryPrice}; the position was closed at market.", e.At, callInFlight: false, done);
        }

        if (stop is null && take is null)
        {
            var open = settled with { Life = new PositionLife { Position = position, Phase = PositionPhase.Open } };
            return new ExecutionTransition(open, [new Save(open, Publish: true), .. done]);
        }

        // Protection pending is recorded (durably, before the call) with the ids the restart will look up.
        var oco = signal.Market == MarketType.Spot && stop is not null && take is not null;
        var protecting = settled with
        {
            Calls = state.Calls + 1,
            NextCheckAt = e.At + settings.ReconcileGrace,
            Life = new PositionLife
            {
                Phase = PositionPhase.Protecting,
                Position = position with
                {
                    StopLoss = stop,
                    TakeProfit = take,
                    // Spot with both prices: one OCO pair; with one (spot or futures): a single order of its own.
                    StopLossOrderId = stop is null ? null : oco ? ids.OcoStop : ids.Stop,
                    TakeProfitOrderId = take is null ? null : oco ? ids.Oco : ids.Take,
                },
            },
        };
        return new ExecutionTransition(protecting, [new Save(protecting, Publish: true), .. done, new Call(PositionCall(protecting, ExchangeCallKind.Protect, placeClose: false))]);
    }

    private ExecutionTransition OnCloseRequested(ExecutionState? state, ExecutionEvent.CloseRequested e)
    {
        if (state?.Life is not { } life)
        {
            return ExecutionTransition.Unchanged(state, new RefuseClose(e.Reason, NoPosition));
        }

        return life.Phase switch
        {
            PositionPhase.Closed => ExecutionTransition.Unchanged(state, new RefuseClose(e.Reason, AlreadyClosed)),
            PositionPhase.Closing => ExecutionTransition.Unchanged(state, new RefuseClose(e.Reason, AlreadyClosing)),
            _ => Close(state, e.Reason, null, e.At, e.CallInFlight, []),
        };
    }

    private ExecutionTransition OnCheckDue(ExecutionState? state, ExecutionEvent.CheckDue e) =>
        state?.Life is { IsWatched: true } && !e.CallInFlight
            ? ExecutionTransition.Unchanged(state, new Call(PositionCall(state, ExchangeCallKind.Check, placeClose: false, e.Hinted)))
            : ExecutionTransition.Unchanged(state);

    /// <summary>The reconcile timer passes by a settled pair: a protect or close call is owed after a crash or a lost answer.</summary>
    private ExecutionTransition OnPositionTick(ExecutionState state, ExecutionEvent.Ticked e)
    {
        if (state.Life is not { NeedsWork: true } life || e.CallInFlight || e.At < state.NextCheckAt)
        {
            return ExecutionTransition.Unchanged(state);
        }

        return life.Phase == PositionPhase.Protecting
            ? Issue(state, ExchangeCallKind.Protect, e.At, [])
            : IssueClose(state, e.At, []);
    }

    private ExecutionTransition OnPositionAnswer(ExecutionState state, ExecutionEvent.Answered e)
    {
        var life = state.Life!;
        var result = e.Result;
        switch (e.Call.Kind)
        {
            case ExchangeCallKind.Protect when life.Phase == PositionPhase.Protecting:
                switch (result)
                {
                    case CallResult.Protected placed:
                        {
                            var position = life.Position with
                            {
                                StopLoss = placed.StopLoss,
                                TakeProfit = placed.TakeProfit,
                                StopLossOrderId = placed.StopLoss is null ? null : life.Position.StopLossOrderId,
                                TakeProfitOrderId = placed.TakeProfit is null ? null : life.Position.TakeProfitOrderId,
                                Note = placed.Note ?? life.Position.Note,
                                UpdatedAt = e.At,
                            };
                            var open = state with { Life = life with { Phase = PositionPhase.Open, Position = position }, LastProblem = null };
                            return new ExecutionTransition(open, [new Save(open, Publish: false), new PublishPosition(position)]);
                        }

                    case CallResult.Crossed crossed:
                        return Close(state with { Life = life with { Phase = PositionPhase.Open } }, crossed.Kind, crossed.Note, e.At, callInFlight: false, []);
                    case CallResult.Rejected rejected:
                        {
                            // The exchange refuses the orders for good: the position stays open, unprotected, and says so.
                            var position = life.Position with
                            {
                                StopLoss = null,
                                TakeProfit = null,
                                StopLossOrderId = null,
                                TakeProfitOrderId = null,
                                Note = $"The exchange refused the protective orders: {rejected.Reason}",
                                UpdatedAt = e.At,
                            };
                            var open = state with { Life = life with { Phase = PositionPhase.Open, Position = position } };
                            return new ExecutionTransition(open, [new Save(open, Publish: false), new PublishPosition(position)]);
                        }

                    default:
                        return Later(state, e.At, result);
                }

            case ExchangeCallKind.Close when life.Phase == PositionPhase.Closing:
                switch (result)
                {
                    case CallResult.Exited exited:
                        return Closed(state, exited.Price, exited.Quantity, exited.At, exited.By ?? life.ClosingReason!.Value, exited.By is null, null);
                    case CallResult.Confirmed when life.Exit is { } exit:
                        return Closed(state, exit.Price, exit.Quantity, exit.At, life.ClosingReason!.Value, closeOrder: false, null);
                    case CallResult.Gone gone:
                        return Closed(state, null, 0m, e.At, life.ClosingReason!.Value, closeOrder: false, gone.Note);
                    default:
                        return Later(state, e.At, result);
                }

            case ExchangeCallKind.Check when life.Phase == PositionPhase.Open:
                if (result is CallResult.Exited { By: { } by } fill)
                {
                    var filled = state with { Life = life with { Exit = new KnownExit(fill.Price, fill.Quantity, fill.At) } };
                    return Close(filled, by, null, e.At, callInFlight: false, []);
                }

                return ExecutionTransition.Unchanged(state);
            default:
                // An answer for a phase the position has left (e.g. a protect answer after a close began): the newer call tells.
                return ExecutionTransition.Unchanged(state);
        }
    }

    /// <summary>Open/Protecting → Closing, recorded before the close call (or, while a call runs, before the timer's).</summary>
    private ExecutionTransition Close(ExecutionState state, PositionCloseReason reason, string? note, DateTimeOffset now, bool callInFlight, List<ExecutionEffect> before)
    {
        var life = state.Life!;
        var closing = state with
        {
            Life = life with
            {
                Phase = PositionPhase.Closing,
                ClosingReason = reason,
                Position = note is null ? life.Position : life.Position with { Note = note },
            },
        };
        if (callInFlight)
        {
            // The running call (e.g. the protection) finishes first; the timer then issues the close.
            var waiting = closing with { NextCheckAt = now };
            return new ExecutionTransition(waiting, [new Save(waiting, Publish: before.Count > 0), .. before]);
        }

        return IssueClose(closing, now, before, publish: before.Count > 0);
    }

    private ExecutionTransition IssueClose(ExecutionState state, DateTimeOffset now, List<ExecutionEffect> before, bool publish = false)
    {
        var life = state.Life!;
        var mayPlace = life.Exit is null && (life.CloseUncertainSince is not { } since || now - since >= settings.NotFoundConfirmation);
        var next = mayPlace ? state with { Life = life with { CloseUncertainSince = now } } : state;
        return Issue(next, ExchangeCallKind.Close, now, before, placeClose: mayPlace, publish: publish);
    }

    private ExecutionTransition Issue(ExecutionState state, ExchangeCallKind kind, DateTimeOffset now, List<ExecutionEffect> before, bool placeClose = false, bool publish = false)
    {
        var next = state with { Calls = state.Calls + 1, NextCheckAt = now + settings.ReconcileGrace };
        return new ExecutionTransition(next, [new Save(next, Publish: publish), .. before, new Call(PositionCall(next, kind, placeClose))]);
    }

    private ExecutionTransition Later(ExecutionState state, DateTimeOffset now, CallResult result)
    {
        var (problem, after) = result switch
        {
            CallResult.Unknown u => (u.Reason, u.RetryAfter),
            CallResult.NotFound n => (n.Reason, null),
            CallResult.Rejected r => ($"refused: {r.Reason}", (TimeSpan?)TimeSpan.FromTicks(settings.ReconcileGrace.Ticks * 6)),
            _ => (result.ToString(), null),
        };
        var wait = after is { } a && a > settings.ReconcileGrace ? a : settings.ReconcileGrace;
        var next = state with { NextCheckAt = now + wait, LastProblem = problem };
        return new ExecutionTransition(next, [new Save(next, Publish: false)]);
    }

    private static ExecutionTransition Closed(ExecutionState state, decimal? exitPrice, decimal quantity, DateTimeOffset at, PositionCloseReason reason, bool closeOrder, string? note)
    {
        var life = state.Life!;
        var p = life.Position;
        var (pnl, percent) = exitPrice is { } exit ? ExecutionRecords.Pnl(p.Side, p.EntryPrice, exit, quantity > 0 ? quantity : p.Quantity) : (null, null);
        var position = p with
        {
            Status = PositionStatus.Closed,
            ClosedAt = at,
            ExitPrice = exitPrice,
            RealizedPnl = pnl,
            RealizedPnlPercent = percent,
            CloseReason = reason,
            CloseOrderId = closeOrder ? ProtectiveOrderIds.For(p.SignalId, p.UserId, ProtectionKind.Close) : p.CloseOrderId,
            Note = note ?? p.Note,
            UpdatedAt = at,
        };
        var closed = state with { Life = life with { Phase = PositionPhase.Closed, Position = position }, LastProblem = null };
        return new ExecutionTransition(closed, [new Save(closed, Publish: false), new PublishPosition(position)]);
    }

    private static ExchangeCall PositionCall(ExecutionState state, ExchangeCallKind kind, bool placeClose, ProtectionKind? hinted = null)
    {
        var life = state.Life!;
        var p = life.Position;
        var ids = Ids(state.Record, state.Market);
        return new ExchangeCall(
            state.Record.SignalId,
            state.Record.UserId,
            state.Calls,
            kind,
            LookupFirst: true,
            state.Venue,
            state.Market,
            state.Symbol,
            ids.Close,
            PlaceholderSignal(state, p),
            null)
        {
            Orders = new PositionOrders(p.Side, p.Quantity, p.EntryPrice, p.StopLoss, p.TakeProfit, ids.Stop, ids.Take, ids.Oco, ids.Close, placeClose, CancelOnly: life.Exit is not null, Hinted: hinted),
        };
    }

    /// <summary>The call's Signal is required by its shape; position calls do not use it beyond symbol and market.</summary>
    private static Signal PlaceholderSignal(ExecutionState state, Position p) => new()
    {
        SignalId = p.SignalId,
        Source = "executor",
        Symbol = state.Symbol,
        Market = state.Market,
        Side = p.Side,
        EntryPrice = p.EntryPrice,
        Strength = SignalStrength.Weak,
        Status = SignalStatus.Closed,
        CreatedAt = p.OpenedAt,
        ExpiresAt = p.OpenedAt,
    };

    private static (string Stop, string Take, string Oco, string OcoStop, string Close) Ids(SignalExecution record, MarketType market)
    {
        var oco = ProtectiveOrderIds.For(record.SignalId, record.UserId, ProtectionKind.Oco);
        return (
            ProtectiveOrderIds.For(record.SignalId, record.UserId, ProtectionKind.StopLoss),
            ProtectiveOrderIds.For(record.SignalId, record.UserId, ProtectionKind.TakeProfit),
            oco,
            ProtectiveOrderIds.OcoLegs(oco).Stop,
            ProtectiveOrderIds.For(record.SignalId, record.UserId, ProtectionKind.Close));
    }

    /// <summary>The trigger prices: the signal's (SIGNAL, the default), none (NONE), or the user's distances from the fill (PERCENT).</summary>
    public static (decimal? Stop, decimal? Take) Targets(Signal signal, Protection? protection, decimal fill, OrderSide side)
    {
        switch (protection?.Mode ?? ProtectionMode.Signal)
        {
            case ProtectionMode.None:
                return (null, null);
            case ProtectionMode.Percent:
                {
                    var sign = side == OrderSide.Buy ? 1m : -1m;
                    decimal? stop = protection!.StopLossPercent is { } sl ? fill * (1m - (sign * sl / 100m)) : null;
                    decimal? take = protection.TakeProfitPercent is { } tp ? fill * (1m + (sign * tp / 100m)) : null;
                    return (stop, take);
                }

            default:
                return (signal.StopLoss, signal.TakeProfit);
        }
    }
}
