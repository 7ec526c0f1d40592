using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.Exchange.Binance;
using SignalStreams.Exchange.Planning;
using SignalStreams.Exchange.Protection;
using SignalStreams.SignalExecutor.Machine;

namespace SignalStreams.SignalExecutor.Dispatch;

/// <summary>
/// The body of a position call (protect, close, check), off the stream thread. Every order has a deterministic
/// clientOrderId and is looked up before it is placed; cancels are idempotent; whatever cannot be known is
/// <see cref="CallResult.Unknown"/> (the machine asks again later). Never throws.
/// <list type="bullet">
/// <item>Protect: futures STOP_MARKET / TAKE_PROFIT_MARKET algo orders, reduce-only for the position's quantity, each
/// looked up by clientAlgoId first; spot one OCO (looked up by its stop leg), or one STOP_LOSS / TAKE_PROFIT when the
/// position has a single target price. A trigger the exchange says is already
/// reached (-2021 futures, -2010 "would trigger immediately" spot) is <see cref="CallResult.Crossed"/>.</item>
/// <item>Close: cancel the protective orders, look the close order up, notice a protective order that filled first,
/// then (only when the machine allows it) one reduce-only MARKET order for what the exchange still holds.</item>
/// <item>Check: reads only: futures the two algo orders (weight 1 each; the fill's price from the algo order, else its
/// MARKET order; only the one a user data stream named, when it did), spot the OCO's stop leg (weight 4), and the take-profit leg only when the stop leg expired (a single order: only it).</item>
/// </list>
/// </summary>
public sealed class PositionCallRunner(IUserExchanges exchanges, ILogger logger)
{
    public async Task<CallResult> RunAsync(ExchangeCall call, CancellationToken cancellationToken)
    {
        if (call.Orders is not { } orders)
        {
            return new CallResult.Rejected("The position call carries no orders.", null);
        }

        var choice = exchanges.Resolve(call.Venue, call.UserId, call.Credentials);
        if (choice.Client is not { } client)
        {
            return new CallResult.Unknown($"No exchange client for the user now: {choice.FailureReason}");
        }

        try
        {
            return call.Kind switch
            {
                ExchangeCallKind.Protect => await ProtectAsync(client, call, orders, cancellationToken),
                ExchangeCallKind.Close => await CloseAsync(client, call, orders, cancellationToken),
                _ => await CheckAsync(client, call, orders, cancellationToken),
            };
        }
        catch (BinanceApiException e)
        {
            return new CallResult.Unknown($"The exchange could not be asked: {e.Message}", e.RetryAfter);
        }
        catch (OperationCanceledException)
        {
            return new CallResult.Unknown("The call was cancelled or ran out of time before the exchange answered.");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Position call {Kind} for {SignalId} of {UserId} failed unexpectedly", call.Kind, call.SignalId, call.UserId);
            return new CallResult.Unknown($"The call failed unexpectedly ({e.GetType().Name}).");
        }
    }

    private static async Task<CallResult> ProtectAsync(IExchangeClient client, ExchangeCall call, PositionOrders orders, CancellationToken ct)
    {
        var rules = await client.GetSymbolRulesAsync(call.Market, call.Symbol, ct);
        var stop = OnTick(orders.StopLoss, rules.TickSize);
        var take = OnTick(orders.TakeProfit, rules.TickSize);
        var closing = Opposite(orders.EntrySide);
        if (call.Market == MarketType.Spot)
        {
            if (stop is null || take is null)
            {
                return await ProtectSpotAsync(client, call, orders, rules, stop, take, ct);
            }

            var (stopLeg, _) = ProtectiveOrderIds.OcoLegs(orders.OcoListId);
            if (await client.GetOrderAsync(MarketType.Spot, call.Symbol, stopLeg, conditional: false, ct) is not null)
            {
                return new CallResult.Protected(stop, take);
            }

            var quantity = await SpotQuantityAsync(client, call, orders, rules, ct);
            var oco = await client.PlaceOcoAsync(new OcoOrder { Symbol = call.Symbol, Side = closing, Quantity = quantity, StopPrice = stop.Value, TakeProfitPrice = take.Value, ListClientOrderId = orders.OcoListId }, ct);
            return oco switch
            {
                OrderOutcome.Placed => new CallResult.Protected(stop, take),
                OrderOutcome.NotPlaced { Msg: { } msg } when msg.Contains("trigger immediately", StringComparison.OrdinalIgnoreCase) =>
                    new CallResult.Crossed(PositionCloseReason.StopLoss, $"The stop-loss {stop} was already crossed when the protective orders were placed; the position was closed at market."),
                OrderOutcome.NotPlaced { Msg: { } msg } when msg.Contains("match and take", StringComparison.OrdinalIgnoreCase) =>
                    new CallResult.Crossed(PositionCloseReason.TakeProfit, $"The take-profit {take} was already reached when the protective orders were placed; the position was closed at market."),
                _ => Uncertain(oco),
            };
        }

        foreach (var (kind, price, id) in new[] { (ProtectionKind.StopLoss, stop, orders.StopLossOrderId), (ProtectionKind.TakeProfit, take, orders.TakeProfitOrderId) })
        {
            if (price is not { } trigger)
            {
                continue;
            }

            // Look before placing: after a crash the order may already be there.
            if (await client.GetOrderAsync(MarketType.Futures, call.Symbol, id, conditional: true, ct) is not null)
            {
                continue;
            }

            var outcome = await client.PlaceProtectiveOrderAsync(new ProtectiveOrder { Symbol = call.Symbol, Side = closing, Kind = kind, TriggerPrice = trigger, Quantity = orders.Quantity, ClientOrderId = id }, ct);
            switch (outcome)
            {
                case OrderOutcome.Placed:
                    continue;
                case OrderOutcome.NotPlaced { Code: -2021 }:
                    return kind == ProtectionKind.StopLoss
                        ? new CallResult.Crossed(PositionCloseReason.StopLoss, $"The stop-loss {trigger} was already crossed when the protective orders were placed; the position was closed at market.")
                        : new CallResult.Crossed(PositionCloseReason.TakeProfit, $"The take-profit {trigger} was already reached when the protective orders were placed; the position was closed at market.");
                default:
                    return Uncertain(outcome);
            }
        }

        return new CallResult.Protected(stop, take);
    }

    /// <summary>Spot with one target price: a single STOP_LOSS or TAKE_PROFIT for the holding, looked up first.</summary>
    private static async Task<CallResult> ProtectSpotAsync(IExchangeClient client, ExchangeCall call, PositionOrders orders, SymbolRules rules, decimal? stop, decimal? take, CancellationToken ct)
    {
        if (stop is null && take is null)
        {
            return new CallResult.Protected(null, null);
        }

        var (kind, trigger, id) = stop is { } s ? (ProtectionKind.StopLoss, s, orders.StopLossOrderId) : (ProtectionKind.TakeProfit, take!.Value, orders.TakeProfitOrderId);
        if (await client.GetOrderAsync(MarketType.Spot, call.Symbol, id, conditional: false, ct) is not null)
        {
            return new CallResult.Protected(stop, take);
        }

        var quantity = await SpotQuantityAsync(client, call, orders, rules, ct);
        var outcome = await client.PlaceProtectiveOrderAsync(new ProtectiveOrder { Market = MarketType.Spot, Symbol = call.Symbol, Side = Opposite(orders.EntrySide), Kind = kind, TriggerPrice = trigger, Quantity = quantity, ClientOrderId = id }, ct);
        return outcome switch
        {
            OrderOutcome.Placed => new CallResult.Protected(stop, take),
            OrderOutcome.NotPlaced { Msg: { } msg } when msg.Contains("trigger immediately", StringComparison.OrdinalIgnoreCase) => kind == ProtectionKind.StopLoss
                ? new CallResult.Crossed(PositionCloseReason.StopLoss, $"The stop-loss {trigger} was already crossed when the protective order was placed; the position was closed at market.")
                : new CallResult.Crossed(PositionCloseReason.TakeProfit, $"The take-profit {trigger} was already reached when the protective order was placed; the position was closed at market."),
            _ => Uncertain(outcome),
        };
    }

    private static async Task<CallResult> CloseAsync(IExchangeClient client, ExchangeCall call, PositionOrders orders, CancellationToken ct)
    {
        // 1. The protective orders go first (idempotent), so nothing fires while the close runs.
        if (call.Market == MarketType.Futures)
        {
            foreach (var (price, id) in new[] { (orders.StopLoss, orders.StopLossOrderId), (orders.TakeProfit, orders.TakeProfitOrderId) })
            {
                if (price is not null && await client.CancelOrderAsync(MarketType.Futures, call.Symbol, id, conditional: true, ct) is CancelOutcome.Unknown unknown)
                {
                    return new CallResult.Unknown($"Cancelling {id} is not confirmed: {unknown.Reason}");
                }
            }
        }
        else if (orders.StopLoss is not null && orders.TakeProfit is not null)
        {
            if (await client.CancelOrderListAsync(call.Symbol, orders.OcoListId, ct) is CancelOutcome.Unknown unknown)
            {
                return new CallResult.Unknown($"Cancelling the OCO {orders.OcoListId} is not confirmed: {unknown.Reason}");
            }
        }
        else if (SpotSingle(orders) is { } single && await client.CancelOrderAsync(MarketType.Spot, call.Symbol, single.Id, conditional: false, ct) is CancelOutcome.Unknown unknownSingle)
        {
            return new CallResult.Unknown($"Cancelling {single.Id} is not confirmed: {unknownSingle.Reason}");
        }

        if (orders.CancelOnly)
        {
            return new CallResult.Confirmed();
        }

        // 2. The close order, looked up before it is ever placed (again).
        switch (await client.LookupOrderAsync(call.Market, call.Symbol, orders.CloseOrderId, ct))
        {
            case OrderOutcome.Placed { ExecutedQuantity: > 0 } placed:
                return new CallResult.Exited(placed.AveragePrice, placed.ExecutedQuantity, placed.TransactTime, null);
            case OrderOutcome.Placed accepted:
                return new CallResult.Unknown($"The close order {accepted.OrderId} is {accepted.Status} with nothing filled yet.");
            case OrderOutcome.NotPlaced { Code: -2013 }:
                break;
            case var other:
                return Uncertain(other);
        }

        // 3. A protective order that filled before it was cancelled closed the position already.
        if (await ProtectiveFillAsync(client, call, orders, ct) is { } fill)
        {
            return fill;
        }

        if (!orders.PlaceClose)
        {
            return new CallResult.NotFound("The close order is not visible; it is placed only once the confirmation window after the last attempt has passed.");
        }

        // 4. What the exchange still holds, at most the position's quantity.
        var rules = await client.GetSymbolRulesAsync(call.Market, call.Symbol, ct);
        decimal quantity;
        if (call.Market == MarketType.Futures)
        {
            var held = await client.GetPositionAsync(call.Symbol, ct);
            var amount = orders.EntrySide == OrderSide.Buy ? held.Amount : -held.Amount;
            quantity = Math.Min(amount, orders.Quantity);
        }
        else
        {
            quantity = await SpotQuantityAsync(client, call, orders, rules, ct);
        }

        quantity = OrderPlanner.RoundDown(quantity, rules.EffectiveStepSize);
        if (quantity <= 0)
        {
            return new CallResult.Gone($"The exchange holds no {call.Symbol} position of this side to close; it was closed outside the executor.");
        }

        var outcome = await client.PlaceMarketOrderAsync(new MarketOrder
        {
            Market = call.Market,
            Symbol = call.Symbol,
            Side = Opposite(orders.EntrySide),
            Quantity = quantity,
            QuantityText = OrderPlanner.FormatToStep(quantity, rules.EffectiveStepSize),
            ClientOrderId = orders.CloseOrderId,
            ReduceOnly = call.Market == MarketType.Futures,
        }, ct);
        return outcome switch
        {
            OrderOutcome.Placed { ExecutedQuantity: > 0 } placed => new CallResult.Exited(placed.AveragePrice, placed.ExecutedQuantity, placed.TransactTime, null),
            OrderOutcome.NotPlaced { Code: -2022 } => new CallResult.Gone($"The exchange holds nothing to reduce on {call.Symbol}; the position was closed outside the executor."),
            OrderOutcome.NotPlaced { Code: -2013 } notFound => new CallResult.NotFound(notFound.Reason),
            _ => Uncertain(outcome),
        };
    }

    private static async Task<CallResult> CheckAsync(IExchangeClient client, ExchangeCall call, PositionOrders orders, CancellationToken ct) =>
        (CallResult?)await ProtectiveFillAsync(client, call, orders, ct) ?? new CallResult.StillOpen();

    /// <summary>The fill of a protective order, if one has filled.</summary>
    private static async Task<CallResult.Exited?> ProtectiveFillAsync(IExchangeClient client, ExchangeCall call, PositionOrders orders, CancellationToken ct)
    {
        if (call.Market == MarketType.Spot)
        {
            if (SpotSingle(orders) is { } single)
            {
                var order = await client.GetOrderAsync(MarketType.Spot, call.Symbol, single.Id, conditional: false, ct);
                return order is { ExecutedQuantity: > 0 } ? new CallResult.Exited(order.AveragePrice, order.ExecutedQuantity, DateTimeOffset.UtcNow, single.Reason) : null;
            }

            if (orders.StopLoss is null || orders.TakeProfit is null)
            {
                return null;
            }

            var (stopLeg, takeLeg) = ProtectiveOrderIds.OcoLegs(orders.OcoListId);
            var stop = await client.GetOrderAsync(MarketType.Spot, call.Symbol, stopLeg, conditional: false, ct);
            if (stop is { ExecutedQuantity: > 0 })
            {
                return new CallResult.Exited(stop.AveragePrice, stop.ExecutedQuantity, DateTimeOffset.UtcNow, PositionCloseReason.StopLoss);
            }

            if (stop is null || stop.IsOpen)
            {
                return null; // the take-profit leg filling would have expired the stop leg
            }

            var take = await client.GetOrderAsync(MarketType.Spot, call.Symbol, takeLeg, conditional: false, ct);
            return take is { ExecutedQuantity: > 0 } ? new CallResult.Exited(take.AveragePrice, take.ExecutedQuantity, DateTimeOffset.UtcNow, PositionCloseReason.TakeProfit) : null;
        }

        var both = new[] { (PositionCloseReason.StopLoss, orders.StopLoss, orders.StopLossOrderId), (PositionCloseReason.TakeProfit, orders.TakeProfit, orders.TakeProfitOrderId) };
        var asked = orders.Hinted switch
        {
            ProtectionKind.StopLoss => both[..1], // a stream named this order: only it is asked about
            ProtectionKind.TakeProfit => both[1..],
            _ => both,
        };
        foreach (var (kind, price, id) in asked)
        {
            if (price is null)
            {
                continue;
            }

            var algo = await client.GetOrderAsync(MarketType.Futures, call.Symbol, id, conditional: true, ct);
            if (algo is null || algo.Status is not ("TRIGGERED" or "FINISHED"))
            {
                continue;
            }

            if (algo is { ExecutedQuantity: > 0, AveragePrice: > 0 })
            {
                return new CallResult.Exited(algo.AveragePrice, algo.ExecutedQuantity, DateTimeOffset.UtcNow, kind);
            }

            // The triggered MARKET order carries the clientAlgoId as its clientOrderId.
            var market = await client.GetOrderAsync(MarketType.Futures, call.Symbol, id, conditional: false, ct);
            if (market is { ExecutedQuantity: > 0 })
            {
                return new CallResult.Exited(market.AveragePrice, market.ExecutedQuantity, DateTimeOffset.UtcNow, kind);
            }
        }

        return null;
    }

    /// <summary>Spot with exactly one target price: its single order (no OCO); null with both or neither.</summary>
    private static (string Id, PositionCloseReason Reason)? SpotSingle(PositionOrders orders) => (orders.StopLoss, orders.TakeProfit) switch
    {
        (not null, null) => (orders.StopLossOrderId, PositionCloseReason.StopLoss),
        (null, not null) => (orders.TakeProfitOrderId, PositionCloseReason.TakeProfit),
        _ => null,
    };

    /// <summary>Spot: the holding to protect or sell: the position's quantity, at most the free base balance (fees paid in base).</summary>
    private static async Task<decimal> SpotQuantityAsync(IExchangeClient client, ExchangeCall call, PositionOrders orders, SymbolRules rules, CancellationToken ct)
    {
        if (orders.EntrySide != OrderSide.Buy)
        {
            return orders.Quantity;
        }

        var free = await client.GetAvailableQuoteBalanceAsync(MarketType.Spot, rules.BaseAsset, ct);
        return OrderPlanner.RoundDown(Math.Min(free, orders.Quantity), rules.EffectiveStepSize);
    }

    private static CallResult Uncertain(OrderOutcome outcome) => outcome switch
    {
        OrderOutcome.NotPlaced { RetryAfter: { } wait } limited => new CallResult.Unknown(limited.Reason, wait),
        OrderOutcome.NotPlaced { Code: null } notSent => new CallResult.Unknown(notSent.Reason),
        OrderOutcome.NotPlaced refused => new CallResult.Rejected(refused.Reason, refused.Msg),
        OrderOutcome.Unknown unknown => new CallResult.Unknown(unknown.Reason),
        _ => new CallResult.Unknown("The exchange's answer was not understood."),
    };

    private static decimal? OnTick(decimal? price, decimal tick) =>
        price is { } p && tick > 0 ? Math.Round(p / tick, MidpointRounding.AwayFromZero) * tick / 1.0000000000000000000000m : price;

    private static OrderSide Opposite(OrderSide side) => side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;
}
