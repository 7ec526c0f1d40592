using SignalStreams.Contracts;
using SignalStreams.PaperExchange.Streams;
using X = SignalStreams.PaperExchange.Streams.UserEventJson.Execution;

namespace SignalStreams.PaperExchange.State;

/// <summary>The fills themselves, triggers, OCO siblings and the events they publish. Callers hold the exchange's lock.</summary>
internal sealed partial class FillEngine
{
    private PaperOrder FillSpot(PaperAccount account, PaperSymbol symbol, PaperOrder order, decimal price, bool maker)
    {
        if (order.LockedAmount > 0)
        {
            account.Lock(order.LockedAsset, -order.LockedAmount);
            order = order with { LockedAmount = 0m };
        }

        var quantity = order.Quantity;
        var quote = quantity * price;
        var buy = order.Side == OrderSide.Buy;
        if (buy ? account.Spot(symbol.QuoteAsset) < quote : account.Spot(symbol.BaseAsset) < quantity)
        {
            return End(account, order, "EXPIRED", "INSUFFICIENT_BALANCES");
        }

        // Binance charges spot commission in the asset received.
        var commission = Commission(buy ? quantity : quote, state.Settings.SpotFeePercent);
        var commissionAsset = buy ? symbol.BaseAsset : symbol.QuoteAsset;
        account.AddSpot(symbol.QuoteAsset, buy ? -quote : quote - commission);
        account.AddSpot(symbol.BaseAsset, buy ? quantity - commission : -quantity);
        var trade = AddTrade(account, order, price, quantity, commission, commissionAsset, 0m, maker);
        var filled = Filled(order, price, quantity, commission, commissionAsset, 0m, "FILLED");
        Publish(account, filled, new X("TRADE", quantity, price, commission, commissionAsset, trade.Id, maker));
        PublishSpotBalances(account, [symbol.BaseAsset, symbol.QuoteAsset]);
        return filled;
    }

    private PaperOrder FillFutures(PaperAccount account, PaperSymbol symbol, PaperOrder order, decimal price, bool maker)
    {
        var position = account.Position(symbol.Symbol);
        var reducing = position.Amount != 0 && Math.Sign(position.Amount) == (order.Side == OrderSide.Buy ? -1 : 1);
        var quantity = order.ClosePosition ? (reducing ? Math.Abs(position.Amount) : 0m) : order.Quantity;
        if (order.ReduceOnly || order.ClosePosition)
        {
            // Reduce-only never opens or flips a position: only the part that reduces executes.
            quantity = Math.Min(quantity, reducing ? Math.Abs(position.Amount) : 0m);
        }

        if (quantity == 0)
        {
            return End(account, order, "EXPIRED", "REDUCE_ONLY");
        }

        var now = state.Clock.NowMs;
        var realized = position.Apply(order.Side == OrderSide.Buy ? quantity : -quantity, price, now);
        var commission = Commission(quantity * price, maker ? state.Settings.FuturesMakerFeePercent : state.Settings.FuturesTakerFeePercent);
        account.AddFutures(symbol.QuoteAsset, realized - commission);
        var trade = AddTrade(account, order, price, quantity, commission, symbol.QuoteAsset, realized, maker);
        var status = quantity == order.Quantity || order.ClosePosition ? "FILLED" : "EXPIRED";
        var filled = Filled(order with { Quantity = order.ClosePosition ? quantity : order.Quantity }, price, quantity, commission, symbol.QuoteAsset, realized, status);
        Publish(account, filled, new X("TRADE", quantity, price, commission, symbol.QuoteAsset, trade.Id, maker, realized));
        var mark = state.Prices.Mark(symbol.Symbol) ?? price;
        state.Streams.Publish(account.ApiKey, MarketType.Futures, UserEventJson.AccountUpdate(account, symbol.QuoteAsset, realized - commission, position, mark, now));
        return filled;
    }

    /// <summary>A spot stop / take-profit reached its stop price: a market order executes now, a limit order starts working.</summary>
    private void TriggerSpot(PaperAccount account, PaperSymbol symbol, PaperOrder order, decimal last)
    {
        ExpireSiblings(account, order);
        var triggered = order with { Triggered = true, TriggerTime = state.Clock.NowMs, UpdateTime = state.Clock.NowMs };
        if (order.Type is "STOP_LOSS" or "TAKE_PROFIT")
        {
            state.Orders.Update(triggered);
            FillAtMarket(account, symbol, triggered);
            return;
        }

        // A limit leg works from now on and holds what it may spend.
        if (triggered.LockedAmount == 0)
        {
            var (asset, amount) = order.Side == OrderSide.Sell ? (symbol.BaseAsset, order.Quantity) : (symbol.QuoteAsset, order.Quantity * order.Price);
            account.Lock(asset, amount);
            triggered = triggered with { LockedAsset = asset, LockedAmount = amount };
        }

        state.Orders.Update(triggered);
        if (Crosses(triggered, last))
        {
            FillSpot(account, symbol, triggered, triggered.Price, maker: false);
        }
    }

    /// <summary>A futures algo order triggered: it places a MARKET order (clientOrderId = clientAlgoId) that executes at once.</summary>
    private void TriggerAlgo(PaperAccount account, PaperSymbol symbol, PaperOrder algo)
    {
        var now = state.Clock.NowMs;
        var position = account.Position(symbol.Symbol);
        var reducing = position.Amount != 0 && Math.Sign(position.Amount) == (algo.Side == OrderSide.Buy ? -1 : 1);
        if ((algo.ReduceOnly || algo.ClosePosition) && !reducing)
        {
            // Nothing left to reduce (e.g. the sibling stop already closed the position): it would open one, so it expires.
            End(account, algo, "EXPIRED", "ReduceOnly Order is rejected.");
            return;
        }

        var quantity = algo.ClosePosition ? Math.Abs(position.Amount) : algo.Quantity;
        var price = state.Prices.Get(symbol.Symbol) ?? 0m;
        if (!algo.ReduceOnly && !algo.ClosePosition && AvailableFutures(account, symbol.QuoteAsset) < quantity * price / account.LeverageOf(symbol.Symbol))
        {
            End(account, algo, "REJECTED", "Margin is insufficient.");
            return;
        }

        var child = new PaperOrder
        {
            OrderId = state.Orders.NextOrderId(),
            Market = MarketType.Futures,
            ApiKey = account.ApiKey,
            ApiKeyHint = account.KeyHint,
            Symbol = symbol.Symbol,
            Side = algo.Side,
            Type = "MARKET",
            Quantity = quantity,
            ClientOrderId = algo.ClientOrderId,
            ReduceOnly = algo.ReduceOnly || algo.ClosePosition,
            ClosePosition = algo.ClosePosition,
            WorkingType = algo.WorkingType,
            ParentAlgoId = algo.OrderId,
            Leverage = account.LeverageOf(symbol.Symbol),
            Status = "NEW",
            Time = now,
            UpdateTime = now,
        };
        var triggered = algo with { Status = "TRIGGERED", TriggerTime = now, UpdateTime = now, ActualOrderId = child.OrderId };
        state.Orders.Update(triggered);
        state.Streams.Publish(account.ApiKey, MarketType.Futures, UserEventJson.AlgoUpdate(triggered, child, null, now));
        Accept(account, child);
        var filled = FillAtMarket(account, symbol, child);
        var finished = triggered with { Status = "FINISHED", ExecutedQuantity = filled.ExecutedQuantity, AveragePrice = filled.AveragePrice, CumulativeQuote = filled.CumulativeQuote, UpdateTime = state.Clock.NowMs };
        state.Orders.Update(finished);
        state.Streams.Publish(account.ApiKey, MarketType.Futures, UserEventJson.AlgoUpdate(finished, filled, null, state.Clock.NowMs));
    }

    /// <summary>An OCO leg started executing: the other leg expires (OCO_TRIGGER) and the list is done.</summary>
    private void ExpireSiblings(PaperAccount account, PaperOrder order)
    {
        if (order.OrderListId < 0 || state.Orders.List(order.OrderListId) is not { IsOpen: true } list)
        {
            return;
        }

        foreach (var id in list.OrderIds.Where(id => id != order.OrderId))
        {
            if (state.Orders.ById(id) is { IsOpen: true } sibling)
            {
                End(account, sibling, "EXPIRED", "OCO_TRIGGER");
            }
        }

        CloseList(account, list);
    }

    private PaperOrderList CloseList(PaperAccount account, PaperOrderList list)
    {
        if (list.LockedAmount > 0)
        {
            account.Lock(list.LockedAsset, -list.LockedAmount);
        }

        var done = list with { ListStatusType = "ALL_DONE", ListOrderStatus = "ALL_DONE", LockedAmount = 0m };
        state.Orders.Put(done);
        state.Streams.Publish(account.ApiKey, MarketType.Spot, UserEventJson.ListStatus(done, state.Clock.NowMs));
        if (list.LockedAmount > 0)
        {
            PublishSpotBalances(account, [list.LockedAsset]);
        }

        return done;
    }

    private PaperOrder Filled(PaperOrder order, decimal price, decimal quantity, decimal commission, string commissionAsset, decimal realized, string status)
    {
        var filled = order with
        {
            Status = status,
            ExecutedQuantity = quantity,
            AveragePrice = price,
            CumulativeQuote = quantity * price,
            Commission = commission,
            CommissionAsset = commissionAsset,
            RealizedPnl = realized,
            UpdateTime = state.Clock.NowMs,
        };
        state.Orders.Update(filled);
        return filled;
    }

    private PaperTrade AddTrade(PaperAccount account, PaperOrder order, decimal price, decimal quantity, decimal commission, string commissionAsset, decimal realized, bool maker)
    {
        var trade = new PaperTrade(state.Orders.NextTradeId(), order.Market, order.Symbol, order.OrderId, order.OrderListId, order.Side, price, quantity, quantity * price, commission, commissionAsset, realized, maker, state.Clock.NowMs);
        account.AddTrade(trade);
        state.Stats.Record(order.Market, order.Symbol, trade);
        return trade;
    }

    private void Publish(PaperAccount account, PaperOrder order, X execution)
    {
        var now = state.Clock.NowMs;
        state.Streams.Publish(account.ApiKey, order.Market, order.Market == MarketType.Spot
            ? UserEventJson.ExecutionReport(order, execution, now)
            : UserEventJson.OrderTradeUpdate(order, execution, now));
    }

    private void PublishSpotBalances(PaperAccount account, IEnumerable<string> assets) =>
        state.Streams.Publish(account.ApiKey, MarketType.Spot, UserEventJson.AccountPosition(account, assets, state.Clock.NowMs));
}
