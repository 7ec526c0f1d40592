using System.Globalization;
using SignalStreams.Contracts;
using SignalStreams.PaperExchange.Endpoints;

namespace SignalStreams.PaperExchange.State;

/// <summary>
/// Accepts and fills MARKET orders the way Binance does: lot-size and notional filters, clientOrderId unique among
/// the account's OPEN orders (a filled order's id may be reused, as at Binance), fill at the current price with the
/// configured slippage after the configured latency, balances debited by the fill.
/// </summary>
public sealed class OrderMatcher(PaperExchangeState state, TimeProvider time)
{
    public async Task<(PaperOrder? Order, BinanceError? Error)> PlaceMarketAsync(PaperAccount account, PaperSymbol symbol, OrderSide side, decimal quantity, string clientOrderId)
    {
        var futures = symbol.Market == MarketType.Futures;
        if (Filter(symbol, quantity) is { } filterError)
        {
            return (null, filterError);
        }

        var price = state.Prices.Get(symbol.Symbol) ?? 0m;
        var notional = quantity * price;
        if (notional < symbol.MinNotional)
        {
            return (null, futures
                ? new BinanceError(400, -4164, $"Order's notional must be no smaller than {Text(symbol.MinNotional)} (unless you choose reduce only).")
                : new BinanceError(400, -1013, "Filter failure: NOTIONAL"));
        }

        PaperOrder order;
        lock (account.Sync)
        {
            if (state.Orders.HasOpen(account.ApiKey, symbol.Market, clientOrderId))
            {
                return (null, futures ? BinanceError.FuturesDuplicate : BinanceError.SpotDuplicate);
            }

            int? leverage = futures ? account.LeverageOf(symbol.Symbol) : null;
            var affordable = (futures, side) switch
            {
                (true, _) => account.Futures(symbol.QuoteAsset) >= notional / leverage!.Value,
                (false, OrderSide.Buy) => account.Spot(symbol.QuoteAsset) >= notional,
                _ => account.Spot(symbol.BaseAsset) >= quantity,
            };
            if (!affordable)
            {
                return (null, futures ? BinanceError.MarginInsufficient : BinanceError.SpotInsufficientBalance);
            }

            var now = state.Clock.NowMs;
            order = new PaperOrder
            {
                OrderId = state.Orders.NextOrderId(),
                Market = symbol.Market,
                ApiKey = account.ApiKey,
                ApiKeyHint = account.KeyHint,
                Symbol = symbol.Symbol,
                Side = side,
                Quantity = quantity,
                ClientOrderId = clientOrderId,
                Status = "NEW",
                Leverage = leverage,
                Time = now,
                UpdateTime = now,
            };
            state.Orders.Add(order);
        }

        if (state.Settings.FillLatencyMs > 0)
        {
            // The exchange fills whether or not the client is still waiting.
            await Task.Delay(TimeSpan.FromMilliseconds(state.Settings.FillLatencyMs), time);
        }

        return (Fill(account, symbol, order), null);
    }

    private PaperOrder Fill(PaperAccount account, PaperSymbol symbol, PaperOrder order)
    {
        var market = state.Prices.Get(symbol.Symbol) ?? 0m;
        var slip = state.Settings.SlippagePercent / 100m;
        var fillPrice = state.Prices.RoundToTick(symbol.Symbol, order.Side == OrderSide.Buy ? market * (1 + slip) : market * (1 - slip));
        var quote = fillPrice * order.Quantity;
        lock (account.Sync)
        {
            if (symbol.Market == MarketType.Futures)
            {
                account.AddFutures(symbol.QuoteAsset, -quote / order.Leverage!.Value);
            }
            else if (order.Side == OrderSide.Buy)
            {
                account.AddSpot(symbol.QuoteAsset, -quote);
                account.AddSpot(symbol.BaseAsset, order.Quantity);
            }
            else
            {
                account.AddSpot(symbol.BaseAsset, -order.Quantity);
                account.AddSpot(symbol.QuoteAsset, quote);
            }

            var filled = order with
            {
                Status = "FILLED",
                ExecutedQuantity = order.Quantity,
                AveragePrice = fillPrice,
                CumulativeQuote = quote,
                UpdateTime = state.Clock.NowMs,
            };
            state.Orders.Update(filled);
            return filled;
        }
    }

    private static BinanceError? Filter(PaperSymbol symbol, decimal quantity)
    {
        var futures = symbol.Market == MarketType.Futures;
        if (quantity <= 0)
        {
            return futures ? new BinanceError(400, -4003, "Quantity less than or equal to zero.") : new BinanceError(400, -1013, "Invalid quantity.");
        }

        if (symbol.StepSize > 0 && quantity % symbol.StepSize != 0)
        {
            return futures ? new BinanceError(400, -1111, "Precision is over the maximum defined for this asset.") : new BinanceError(400, -1013, "Filter failure: LOT_SIZE");
        }

        if (quantity < symbol.MinQty)
        {
            return new BinanceError(400, -1013, "Filter failure: LOT_SIZE");
        }

        if (symbol.MaxQty > 0 && quantity > symbol.MaxQty)
        {
            return futures ? new BinanceError(400, -4005, "Quantity greater than max quantity.") : new BinanceError(400, -1013, "Filter failure: MARKET_LOT_SIZE");
        }

        return null;
    }

    internal static string Text(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }
}
