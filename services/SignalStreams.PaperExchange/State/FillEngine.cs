using SignalStreams.Contracts;
using SignalStreams.PaperExchange.Streams;
using X = SignalStreams.PaperExchange.Streams.UserEventJson.Execution;

namespace SignalStreams.PaperExchange.State;

/// <summary>
/// What happens to orders once accepted: fills (balances, positions, realised PnL, commission, trades), cancels and
/// expiries, and the stop / take-profit / limit orders a price move reaches. Every method runs under the exchange's
/// lock and publishes the user data stream events of what it changed, in order.
/// </summary>
internal sealed partial class FillEngine(PaperExchangeState state)
{
    /// <summary>Books an accepted order (NEW): spot funds it needs are locked; the NEW event is published.</summary>
    public PaperOrder Accept(PaperAccount account, PaperOrder order)
    {
        lock (state.Sync)
        {
            if (order.LockedAmount > 0)
            {
                account.Lock(order.LockedAsset, order.LockedAmount);
            }

            state.Orders.Add(order);
            Publish(account, order, new X("NEW"));
            if (order.LockedAmount > 0)
            {
                PublishSpotBalances(account, [order.LockedAsset]);
            }

            return order;
        }
    }

    /// <summary>Fills a taking order at the current price worsened by the configured slippage.</summary>
    public PaperOrder FillAtMarket(PaperAccount account, PaperSymbol symbol, PaperOrder order)
    {
        lock (state.Sync)
        {
            var market = state.Prices.Get(symbol.Symbol) ?? 0m;
            var slip = state.Settings.SlippagePercent / 100m;
            var price = state.Prices.RoundToTick(symbol.Symbol, order.Side == OrderSide.Buy ? market * (1 + slip) : market * (1 - slip));
            return Fill(account, symbol, order, price, maker: false);
        }
    }

    /// <summary>Executes the whole order at <paramref name="price"/> (a reduce-only futures order only as far as it reduces).</summary>
    public PaperOrder Fill(PaperAccount account, PaperSymbol symbol, PaperOrder order, decimal price, bool maker)
    {
        lock (state.Sync)
        {
            ExpireSiblings(account, order);
            return symbol.Market == MarketType.Spot ? FillSpot(account, symbol, order, price, maker) : FillFutures(account, symbol, order, price, maker);
        }
    }

    /// <summary>Ends an open order as CANCELED or EXPIRED, releasing what it held.</summary>
    public PaperOrder End(PaperAccount account, PaperOrder order, string status, string? reason = null)
    {
        lock (state.Sync)
        {
            if (order.LockedAmount > 0)
            {
                account.Lock(order.LockedAsset, -order.LockedAmount);
            }

            var ended = order with { Status = status, ExpiryReason = reason, UpdateTime = state.Clock.NowMs, LockedAmount = 0m };
            state.Orders.Update(ended);
            if (ended.IsAlgo)
            {
                state.Streams.Publish(account.ApiKey, MarketType.Futures, UserEventJson.AlgoUpdate(ended, null, reason, state.Clock.NowMs));
            }
            else
            {
                Publish(account, ended, new X(status));
            }

            if (order.LockedAmount > 0)
            {
                PublishSpotBalances(account, [order.LockedAsset]);
            }

            return ended;
        }
    }

    /// <summary>Cancels both legs of an OCO (cancelling one leg cancels the list, as at Binance).</summary>
    public PaperOrderList CancelList(PaperAccount account, PaperOrderList list)
    {
        lock (state.Sync)
        {
            foreach (var id in list.OrderIds)
            {
                if (state.Orders.ById(id) is { IsOpen: true } leg)
                {
                    End(account, leg, "CANCELED");
                }
            }

            return CloseList(account, list);
        }
    }

    /// <summary>Runs the stop, take-profit and limit orders of <paramref name="symbol"/> that the new price reaches, oldest first.</summary>
    public void OnPriceMoved(string symbol)
    {
        lock (state.Sync)
        {
            var last = state.Prices.Get(symbol) ?? 0m;
            var mark = state.Prices.Mark(symbol) ?? last;
            foreach (var candidate in state.Orders.Open().Where(o => o.Symbol == symbol))
            {
                // An earlier order of this pass may have ended this one (an OCO sibling).
                if (state.Orders.ById(candidate.OrderId) is not { IsOpen: true } order || state.Account(order.ApiKey) is not { } account
                    || state.Symbol(order.Market, symbol) is not { } rules)
                {
                    continue;
                }

                if (order.IsAlgo)
                {
                    if (Reached(order, order.WorkingType == "MARK_PRICE" ? mark : last))
                    {
                        TriggerAlgo(account, rules, order);
                    }
                }
                else if (order.IsConditional && !order.Triggered)
                {
                    if (Reached(order, last))
                    {
                        TriggerSpot(account, rules, order, last);
                    }
                }
                else if (order.Price > 0 && Crosses(order, last))
                {
                    Fill(account, rules, order, order.Price, maker: true);
                }
            }
        }
    }

    /// <summary>Stop orders trigger when the price falls to (SELL) or rises to (BUY) the stop; take-profit the other way.</summary>
    public static bool Reached(PaperOrder order, decimal price)
    {
        var stop = order.Type is "STOP_LOSS" or "STOP_LOSS_LIMIT" or "STOP_MARKET" or "STOP";
        var buy = order.Side == OrderSide.Buy;
        return stop == buy ? price >= order.StopPrice : price <= order.StopPrice;
    }

    /// <summary>A resting BUY limit executes once the price is at or below it, a SELL at or above.</summary>
    public static bool Crosses(PaperOrder order, decimal price) => order.Side == OrderSide.Buy ? price <= order.Price : price >= order.Price;

    /// <summary>available = wallet + unrealised PnL − initial margin of open positions (at the mark price).</summary>
    public decimal AvailableFutures(PaperAccount account, string asset)
    {
        lock (state.Sync)
        {
            var (unrealized, margin) = (0m, 0m);
            foreach (var p in account.Positions.Where(p => p.Amount != 0 && state.Symbol(MarketType.Futures, p.Symbol)?.QuoteAsset == asset))
            {
                var mark = state.Prices.Mark(p.Symbol) ?? p.EntryPrice;
                unrealized += p.UnrealizedPnl(mark);
                margin += Math.Abs(p.Amount) * mark / account.LeverageOf(p.Symbol);
            }

            return account.Futures(asset) + unrealized - margin;
        }
    }

    private static decimal Commission(decimal amount, decimal percent) => Math.Round(amount * percent / 100m, 8, MidpointRounding.AwayFromZero);
}
