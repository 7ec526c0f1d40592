using System.Globalization;
using SignalStreams.Contracts;
using SignalStreams.PaperExchange.Endpoints;

namespace SignalStreams.PaperExchange.State;

/// <summary>
/// Accepts orders the way Binance does: lot-size, tick-size and notional filters, clientOrderId unique among the
/// account's OPEN orders (a filled order's id may be reused, as at Binance), balance and margin checks, stop prices
/// that would trigger at once refused. MARKET orders fill at the current price with the configured slippage after
/// the configured latency; LIMIT orders that can execute do so at once, the rest and every stop order wait for the
/// price feed (<see cref="FillEngine.OnPriceMoved"/>).
/// </summary>
public sealed partial class OrderMatcher(PaperExchangeState state, TimeProvider time)
{
    public async Task<(PaperOrder? Order, BinanceError? Error)> PlaceAsync(PaperAccount account, OrderRequest request)
    {
        var (order, error, fillNow) = Admit(account, request);
        if (order is null)
        {
            return (null, error);
        }

        if (!fillNow)
        {
            return (order, null);
        }

        if (request.Type == "MARKET" && state.Settings.FillLatencyMs > 0)
        {
            // The exchange fills whether or not the client is still waiting.
            await Task.Delay(TimeSpan.FromMilliseconds(state.Settings.FillLatencyMs), time);
        }

        return request.Type == "LIMIT"
            ? (state.Fills.Fill(account, request.Symbol, order, state.Prices.Get(request.Symbol.Symbol) ?? request.Price, maker: false), null)
            : (state.Fills.FillAtMarket(account, request.Symbol, order), null);
    }

    /// <summary>Checks and books the order; true when it takes liquidity now (MARKET, or a LIMIT the price already reached).</summary>
    private (PaperOrder? Order, BinanceError? Error, bool FillNow) Admit(PaperAccount account, OrderRequest r)
    {
        var symbol = r.Symbol;
        var futures = r.Market == MarketType.Futures;
        lock (state.Sync)
        {
            var last = state.Prices.Get(symbol.Symbol) ?? 0m;
            if (Validate(account, r, last) is { } invalid)
            {
                return (null, invalid, false);
            }

            if (state.Orders.HasOpen(account.ApiKey, r.Market, r.ClientOrderId, r.Algo))
            {
                return (null, futures ? BinanceError.FuturesDuplicate : BinanceError.SpotDuplicate, false);
            }

            var takesNow = r.Type == "MARKET" || (r.Type == "LIMIT" && FillEngine.Crosses(new PaperOrder
            {
                OrderId = 0, Market = r.Market, ApiKeyHint = "", Symbol = symbol.Symbol, Side = r.Side, Quantity = r.Quantity,
                ClientOrderId = "", Status = "NEW", Time = 0, Price = r.Price,
            }, last));
            var (lockedAsset, lockedAmount) = futures || takesNow || r.OrderListId >= 0 ? ("", 0m) : SpotLock(r);
            if (Funds(account, r, takesNow ? last : r.Price, lockedAsset, lockedAmount) is { } short_)
            {
                return (null, short_, false);
            }

            var now = state.Clock.NowMs;
            var order = state.Fills.Accept(account, new PaperOrder
            {
                OrderId = state.Orders.NextOrderId(),
                Market = r.Market,
                ApiKey = account.ApiKey,
                ApiKeyHint = account.KeyHint,
                Symbol = symbol.Symbol,
                Side = r.Side,
                Type = r.Type,
                Quantity = r.Quantity,
                Price = r.Price,
                StopPrice = r.StopPrice,
                TimeInForce = r.TimeInForce ?? "GTC",
                ReduceOnly = r.ReduceOnly,
                ClosePosition = r.ClosePosition,
                WorkingType = r.WorkingType,
                IsAlgo = r.Algo,
                OrderListId = r.OrderListId,
                ClientOrderId = r.ClientOrderId,
                Status = "NEW",
                Leverage = futures ? account.LeverageOf(symbol.Symbol) : null,
                LockedAsset = lockedAsset,
                LockedAmount = lockedAmount,
                Time = now,
                UpdateTime = now,
            });
            return (order, null, takesNow);
        }
    }

    /// <summary>What a resting spot order holds: a SELL its base quantity, a BUY quantity × its limit (or stop) price.</summary>
    private static (string Asset, decimal Amount) SpotLock(OrderRequest r) => r.Side == OrderSide.Sell
        ? (r.Symbol.BaseAsset, r.Quantity)
        : (r.Symbol.QuoteAsset, r.Quantity * (r.Price > 0 ? r.Price : r.StopPrice));

    private BinanceError? Funds(PaperAccount account, OrderRequest r, decimal price, string lockedAsset, decimal lockedAmount)
    {
        var symbol = r.Symbol;
        if (r.Market == MarketType.Spot)
        {
            if (lockedAmount > 0)
            {
                return account.Spot(lockedAsset) >= lockedAmount ? null : BinanceError.SpotInsufficientBalance;
            }

            var enough = r.OrderListId >= 0 || (r.Side == OrderSide.Buy ? account.Spot(symbol.QuoteAsset) >= r.Quantity * price : account.Spot(symbol.BaseAsset) >= r.Quantity);
            return enough ? null : BinanceError.SpotInsufficientBalance;
        }

        var position = account.Position(symbol.Symbol);
        var reducing = position.Amount != 0 && Math.Sign(position.Amount) == (r.Side == OrderSide.Buy ? -1 : 1);
        if (r.ReduceOnly && !r.Algo && !reducing)
        {
            return BinanceError.ReduceOnlyRejected;
        }

        if (r.ReduceOnly || r.ClosePosition || r.Algo)
        {
            // Conditional orders are checked for margin when they trigger, as at Binance.
            return null;
        }

        var margin = r.Quantity * (price > 0 ? price : state.Prices.Get(symbol.Symbol) ?? 0m) / account.LeverageOf(symbol.Symbol);
        return state.Fills.AvailableFutures(account, symbol.QuoteAsset) >= margin ? null : BinanceError.MarginInsufficient;
    }

    internal static string Text(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }
}
