using SignalStreams.Contracts;
using SignalStreams.PaperExchange.Endpoints;

namespace SignalStreams.PaperExchange.State;

/// <summary>Spot OCO placement: <c>POST /api/v3/orderList/oco</c>.</summary>
public sealed partial class OrderMatcher
{
    private static readonly string[] StopLegs = ["STOP_LOSS", "STOP_LOSS_LIMIT"];
    private static readonly string[] ProfitLegs = ["LIMIT_MAKER", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"];

    /// <summary>
    /// Books both legs: SELL = take-profit above the price and stop-loss below it, BUY the mirror. The base (SELL) or
    /// quote (BUY) the pair may spend is locked once for both legs; the first leg to execute expires the other.
    /// </summary>
    public (PaperOrderList? List, IReadOnlyList<PaperOrder> Orders, BinanceError? Error) PlaceOco(
        PaperAccount account, PaperSymbol symbol, OrderSide side, decimal quantity, string listClientOrderId, OcoLeg above, OcoLeg below)
    {
        var sell = side == OrderSide.Sell;
        var (stopLeg, profitLeg) = sell ? (below, above) : (above, below);
        if (!StopLegs.Contains(stopLeg.Type) || !ProfitLegs.Contains(profitLeg.Type))
        {
            return (null, [], new BinanceError(400, -2010, "Unsupported order combination"));
        }

        lock (state.Sync)
        {
            var last = state.Prices.Get(symbol.Symbol) ?? 0m;
            var requests = new[] { stopLeg, profitLeg }.Select(leg => new OrderRequest
            {
                Symbol = symbol, Side = side, Type = leg.Type, ClientOrderId = leg.ClientOrderId, Quantity = quantity,
                Price = leg.Price, StopPrice = leg.StopPrice, TimeInForce = leg.TimeInForce, OrderListId = 0,
            }).ToList();
            foreach (var request in requests)
            {
                if (Validate(account, request, last) is { } error)
                {
                    // A leg on the wrong side of the price is Binance's "relationship of the prices" refusal.
                    return (null, [], error.Code == -2010 ? new BinanceError(400, -2010, "The relationship of the prices for the orders is not correct.") : error);
                }

                if (state.Orders.HasOpen(account.ApiKey, MarketType.Spot, request.ClientOrderId))
                {
                    return (null, [], BinanceError.SpotDuplicate);
                }
            }

            if (state.Orders.HasOpenList(account.ApiKey, listClientOrderId))
            {
                return (null, [], BinanceError.SpotDuplicate);
            }

            var (asset, amount) = sell
                ? (symbol.BaseAsset, quantity)
                : (symbol.QuoteAsset, quantity * requests.Max(r => Math.Max(r.Price, r.StopPrice)));
            if (account.Spot(asset) < amount)
            {
                return (null, [], BinanceError.SpotInsufficientBalance);
            }

            var listId = state.Orders.NextListId();
            var now = state.Clock.NowMs;
            var orders = requests.Select(r => state.Fills.Accept(account, new PaperOrder
            {
                OrderId = state.Orders.NextOrderId(),
                Market = MarketType.Spot,
                ApiKey = account.ApiKey,
                ApiKeyHint = account.KeyHint,
                Symbol = symbol.Symbol,
                Side = side,
                Type = r.Type,
                Quantity = quantity,
                Price = r.Price,
                StopPrice = r.StopPrice,
                TimeInForce = r.TimeInForce ?? "GTC",
                OrderListId = listId,
                ClientOrderId = r.ClientOrderId,
                Status = "NEW",
                Time = now,
                UpdateTime = now,
            })).ToList();
            account.Lock(asset, amount);
            var list = new PaperOrderList
            {
                OrderListId = listId,
                ListClientOrderId = listClientOrderId,
                Symbol = symbol.Symbol,
                OrderIds = orders.Select(o => o.OrderId).ToList(),
                TransactionTime = now,
                LockedAsset = asset,
                LockedAmount = amount,
                ApiKey = account.ApiKey,
            };
            state.Orders.Put(list);
            state.Streams.Publish(account.ApiKey, MarketType.Spot, Streams.UserEventJson.ListStatus(list, now));
            return (list, orders, null);
        }
    }
}
