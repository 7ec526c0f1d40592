using System.Globalization;
using SignalStreams.Contracts;

namespace SignalStreams.Exchange.Planning;

/// <summary>
/// Turns a user's sizing into a MARKET order quantity, or a clear refusal.
/// <list type="bullet">
/// <item>Margin: FIXED_QUOTE = <c>value</c> of the quote asset; PERCENT_BALANCE = <c>value</c>% of the available quote balance.</item>
/// <item>Notional: spot = margin; futures = margin × leverage (the user's, else the signal's, else 1, capped at the symbol's maximum).</item>
/// <item>Quantity = notional / current price, rounded DOWN to the coarser of LOT_SIZE and MARKET_LOT_SIZE step and
/// printed with the step's decimals; then min/max quantity and MIN_NOTIONAL / NOTIONAL are checked on the rounded quantity.</item>
/// <item>The margin must fit the available balance when it is known (spot BUY, futures either side); a spot SELL is
/// sized by the same quote value and the exchange checks the base balance.</item>
/// </list>
/// </summary>
public static class OrderPlanner
{
    public static OrderPlan Plan(OrderPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rules = request.Rules;
        if (!string.Equals(rules.Status, "TRADING", StringComparison.Ordinal))
        {
            return OrderPlan.Refuse(OrderRefusalCodes.SymbolNotTrading, $"{request.Symbol} is not trading on {Name(request.Market)} (status {rules.Status}).");
        }

        if (request.Price <= 0)
        {
            return OrderPlan.Refuse(OrderRefusalCodes.NoPrice, $"No current price for {request.Symbol}.");
        }

        var leverage = LeverageFor(request);
        decimal margin;
        if (request.Sizing.Mode == SizingMode.PercentBalance)
        {
            if (request.AvailableQuoteBalance is not { } balance)
            {
                return OrderPlan.Refuse(OrderRefusalCodes.BalanceUnknown, $"Sizing is {request.Sizing.Value}% of the {rules.QuoteAsset} balance, but the balance is unknown.");
            }

            margin = balance * request.Sizing.Value / 100m;
        }
        else
        {
            margin = request.Sizing.Value;
        }

        var needsQuote = request.Market == MarketType.Futures || request.Side == OrderSide.Buy;
        if (needsQuote && request.AvailableQuoteBalance is { } available && margin > available)
        {
            return OrderPlan.Refuse(OrderRefusalCodes.InsufficientBalance, $"The order needs {Text(margin)} {rules.QuoteAsset} but only {Text(available)} {rules.QuoteAsset} is available.");
        }

        var notional = margin * (leverage ?? 1);
        var raw = notional / request.Price;
        var step = rules.EffectiveStepSize;
        var quantity = RoundDown(raw, step);
        var minQty = rules.EffectiveMinQty;
        if (quantity <= 0 || quantity < minQty)
        {
            return OrderPlan.Refuse(OrderRefusalCodes.BelowMinQuantity, $"Order too small: {Text(notional)} {rules.QuoteAsset} at {Text(request.Price)} buys {Text(raw)} {rules.BaseAsset}, which rounds down to {Text(quantity)} at step {Text(step)}, below the minimum quantity {Text(minQty)}.");
        }

        var maxQty = rules.EffectiveMaxQty;
        if (maxQty > 0 && quantity > maxQty)
        {
            return OrderPlan.Refuse(OrderRefusalCodes.AboveMaxQuantity, $"Order too large: quantity {Text(quantity)} {rules.BaseAsset} is above the maximum {Text(maxQty)} for a MARKET order on {request.Symbol}.");
        }

        var roundedNotional = quantity * request.Price;
        if (rules.MinNotional > 0 && roundedNotional < rules.MinNotional)
        {
            return OrderPlan.Refuse(OrderRefusalCodes.BelowMinNotional, $"Order too small: {Text(quantity)} {rules.BaseAsset} × {Text(request.Price)} = {Text(roundedNotional)} {rules.QuoteAsset}, below the minimum notional {Text(rules.MinNotional)} {rules.QuoteAsset}.");
        }

        if (rules.MaxNotional > 0 && roundedNotional > rules.MaxNotional)
        {
            return OrderPlan.Refuse(OrderRefusalCodes.AboveMaxNotional, $"Order too large: {Text(roundedNotional)} {rules.QuoteAsset} is above the maximum notional {Text(rules.MaxNotional)} {rules.QuoteAsset}.");
        }

        return OrderPlan.Accept(new MarketOrder
        {
            Market = request.Market,
            Symbol = request.Symbol,
            Side = request.Side,
            Quantity = quantity,
            QuantityText = FormatToStep(quantity, step),
            ClientOrderId = request.ClientOrderId,
            Leverage = leverage,
            ReferencePrice = request.Price,
        });
    }

    /// <summary>Futures leverage: the user's, else the signal's, else 1, capped at the symbol's maximum; null for spot.</summary>
    public static int? LeverageFor(OrderPlanRequest request)
    {
        if (request.Market != MarketType.Futures)
        {
            return null;
        }

        var wanted = Math.Max(1, request.UserLeverage ?? request.SignalLeverage ?? 1);
        return request.Rules.MaxLeverage is { } max && max >= 1 ? Math.Min(wanted, max) : wanted;
    }

    /// <summary>Rounds DOWN to a multiple of <paramref name="step"/> (never up: an order must not exceed what the user sized).</summary>
    public static decimal RoundDown(decimal value, decimal step)
    {
        if (step <= 0)
        {
            return Math.Round(value, 8, MidpointRounding.ToZero);
        }

        return Math.Floor(value / step) * step;
    }

    /// <summary>Prints <paramref name="value"/> with as many decimals as <paramref name="step"/> has (0.00001000 → 5).</summary>
    public static string FormatToStep(decimal value, decimal step)
    {
        var decimals = step <= 0 ? 8 : DecimalsOf(step);
        var text = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return step <= 0 && text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary>Number of significant decimals: 0.001 → 3, 0.00001000 → 5, 1 → 0.</summary>
    public static int DecimalsOf(decimal step)
    {
        var text = Text(step);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : text.Length - dot - 1;
    }

    /// <summary>Invariant text without trailing zeros, at most 12 decimals (for messages).</summary>
    private static string Text(decimal value)
    {
        var text = Math.Round(value, 12).ToString(CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    private static string Name(MarketType market) => market == MarketType.Spot ? "SPOT" : "FUTURES";
}
