using SignalStreams.Contracts;
using SignalStreams.Exchange.Protection;

namespace SignalStreams.SignalExecutor.Machine;

/// <summary>Where an executed pair's position is in its life.</summary>
public enum PositionPhase
{
    /// <summary>The entry filled and the protective orders are being placed (recorded before the calls).</summary>
    Protecting,

    /// <summary>The position is open; its protective orders (if any) are at the exchange.</summary>
    Open,

    /// <summary>A close was decided (recorded before the calls): protective orders cancelled, then one reduce-only market order.</summary>
    Closing,

    /// <summary>Final: the CLOSED position was published. No event orders anything for it again.</summary>
    Closed,
}

/// <summary>An exit that is already known (a protective order filled): closing only cancels what is left.</summary>
public sealed record KnownExit(decimal Price, decimal Quantity, DateTimeOffset At);

/// <summary>
/// The position of an executed pair, kept in the pair's <see cref="ExecutionState"/>: the contract record as last
/// published (or about to be) and the phase. Internal to the executor's store.
/// </summary>
public sealed record PositionLife
{
    public required Position Position { get; init; }

    public required PositionPhase Phase { get; init; }

    /// <summary>Why the position is being closed (phase Closing).</summary>
    public PositionCloseReason? ClosingReason { get; init; }

    /// <summary>The exit when a protective order filled; the close then only cancels the sibling.</summary>
    public KnownExit? Exit { get; init; }

    /// <summary>
    /// When the last close call that may have sent the market order was issued. A later call only places the order
    /// again once a confirmation window has passed since (before that it only looks it up by clientOrderId).
    /// </summary>
    public DateTimeOffset? CloseUncertainSince { get; init; }

    public bool IsOpen => Phase != PositionPhase.Closed;

    /// <summary>Protecting or Closing: a call is owed (the reconcile timer re-issues it after a crash or a lost answer).</summary>
    public bool NeedsWork => Phase is PositionPhase.Protecting or PositionPhase.Closing;

    /// <summary>Open with orders at the exchange whose fills must be noticed.</summary>
    public bool IsWatched => Phase == PositionPhase.Open && (Position.StopLossOrderId is not null || Position.TakeProfitOrderId is not null);
}

/// <summary>What a position call (protect, close, check) needs at the exchange, carried by the <see cref="ExchangeCall"/>.</summary>
/// <param name="EntrySide">The entry's side; protective and closing orders take the other side.</param>
/// <param name="Quantity">The position's quantity (the entry's fill).</param>
/// <param name="EntryPrice">The entry's average fill price.</param>
/// <param name="StopLoss">Trigger price of the stop, null = none.</param>
/// <param name="TakeProfit">Trigger price of the take-profit, null = none.</param>
/// <param name="StopLossOrderId">Futures stop's clientAlgoId.</param>
/// <param name="TakeProfitOrderId">Futures take-profit's clientAlgoId.</param>
/// <param name="OcoListId">Spot OCO's listClientOrderId.</param>
/// <param name="CloseOrderId">The reduce-only market order's clientOrderId.</param>
/// <param name="PlaceClose">Close: the market order may be placed if a lookup does not find it (else only looked up).</param>
/// <param name="CancelOnly">Close: the exit is known already; only cancel the protective orders.</param>
/// <param name="Hinted">Check: the futures order a user data stream named; only it is asked about (weight 1).</param>
public sealed record PositionOrders(
    OrderSide EntrySide,
    decimal Quantity,
    decimal EntryPrice,
    decimal? StopLoss,
    decimal? TakeProfit,
    string StopLossOrderId,
    string TakeProfitOrderId,
    string OcoListId,
    string CloseOrderId,
    bool PlaceClose = false,
    bool CancelOnly = false,
    ProtectionKind? Hinted = null);
