using SignalStreams.Contracts;
using SignalStreams.PaperExchange.Endpoints;

namespace SignalStreams.PaperExchange.State;

/// <summary>The filters and the order-type rules, with Binance's codes and messages.</summary>
public sealed partial class OrderMatcher
{
    /// <summary>Order types of <c>POST /api/v3/order</c>, as listed in spot exchangeInfo.</summary>
    public static readonly string[] SpotTypes = ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"];

    /// <summary>Order types of <c>POST /fapi/v1/order</c>.</summary>
    public static readonly string[] FuturesTypes = ["LIMIT", "MARKET"];

    /// <summary>Conditional types of <c>POST /fapi/v1/algoOrder</c> (algoType CONDITIONAL).</summary>
    public static readonly string[] AlgoTypes = ["STOP_MARKET", "TAKE_PROFIT_MARKET"];

    private BinanceError? Validate(PaperAccount account, OrderRequest r, decimal last)
    {
        var futures = r.Market == MarketType.Futures;
        var needsPrice = r.Type is "LIMIT" or "LIMIT_MAKER" or "STOP_LOSS_LIMIT" or "TAKE_PROFIT_LIMIT";
        var needsStop = r.Type is "STOP_LOSS" or "STOP_LOSS_LIMIT" or "TAKE_PROFIT" or "TAKE_PROFIT_LIMIT" || r.Algo;
        if (needsPrice && r.Price <= 0)
        {
            return BinanceError.MissingParameter("price");
        }

        if (needsStop && r.StopPrice <= 0)
        {
            return BinanceError.MissingParameter(r.Algo ? "triggerPrice" : "stopPrice");
        }

        if (r.Type is "LIMIT" or "STOP_LOSS_LIMIT" or "TAKE_PROFIT_LIMIT" && r.TimeInForce is null)
        {
            return BinanceError.MissingParameter("timeInForce");
        }

        if (r.TimeInForce is not null and not "GTC")
        {
            // Only good-till-cancelled orders are modelled.
            return new BinanceError(400, -1115, "Invalid timeInForce.");
        }

        if (OffTick(r.Symbol, r.Price) || OffTick(r.Symbol, r.StopPrice))
        {
            return futures ? new BinanceError(400, -4014, "Price not increased by tick size.") : new BinanceError(400, -1013, "Filter failure: PRICE_FILTER");
        }

        if (!r.ClosePosition && Filter(r.Symbol, r.Quantity) is { } lot)
        {
            return lot;
        }

        var reference = r.Price > 0 ? r.Price : r.StopPrice > 0 ? r.StopPrice : last;
        if (!r.ClosePosition && !(futures && r.ReduceOnly) && r.Quantity * reference < r.Symbol.MinNotional)
        {
            return futures
                ? new BinanceError(400, -4164, $"Order's notional must be no smaller than {Text(r.Symbol.MinNotional)} (unless you choose reduce only).")
                : new BinanceError(400, -1013, "Filter failure: NOTIONAL");
        }

        if (needsStop && FillEngine.Reached(new PaperOrder
        {
            OrderId = 0, Market = r.Market, ApiKeyHint = "", Symbol = r.Symbol.Symbol, Side = r.Side, Type = r.Type, Quantity = r.Quantity,
            ClientOrderId = "", Status = "NEW", Time = 0, StopPrice = r.StopPrice,
        }, futures && r.WorkingType == "MARK_PRICE" ? state.Prices.Mark(r.Symbol.Symbol) ?? last : last))
        {
            return futures ? new BinanceError(400, -2021, "Order would immediately trigger.") : new BinanceError(400, -2010, "Order would trigger immediately.");
        }

        if (r.Type == "LIMIT_MAKER" && FillEngine.Crosses(new PaperOrder
        {
            OrderId = 0, Market = r.Market, ApiKeyHint = "", Symbol = r.Symbol.Symbol, Side = r.Side, Quantity = r.Quantity,
            ClientOrderId = "", Status = "NEW", Time = 0, Price = r.Price,
        }, last))
        {
            return new BinanceError(400, -2010, "Order would immediately match and take.");
        }

        return null;
    }

    private static bool OffTick(PaperSymbol symbol, decimal price) => price > 0 && symbol.TickSize > 0 && price % symbol.TickSize != 0;

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
}
