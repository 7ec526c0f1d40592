using SignalStreams.Contracts;
using SignalStreams.Exchange.Planning;
using Xunit;

namespace SignalStreams.Exchange.Tests;

public sealed class OrderPlannerTests
{
    private static readonly SymbolRules FuturesBtc = new()
    {
        Market = MarketType.Futures, Symbol = "BTCUSDT", BaseAsset = "BTC", QuoteAsset = "USDT",
        TickSize = 0.10m, LotStepSize = 0.001m, LotMinQty = 0.001m, LotMaxQty = 1000m,
        MarketStepSize = 0.001m, MarketMinQty = 0.001m, MarketMaxQty = 120m, MinNotional = 100m, MaxLeverage = 20,
    };

    private static readonly SymbolRules SpotBtc = new()
    {
        Market = MarketType.Spot, Symbol = "BTCUSDT", BaseAsset = "BTC", QuoteAsset = "USDT",
        TickSize = 0.01m, LotStepSize = 0.00001000m, LotMinQty = 0.00001000m, LotMaxQty = 9000m,
        MarketStepSize = 0m, MarketMinQty = 0m, MarketMaxQty = 100m, MinNotional = 5m,
    };

    [Fact]
    public void Futures_quantity_is_margin_times_leverage_over_price_rounded_down_to_step_0_001()
    {
        var plan = OrderPlanner.Plan(Request(FuturesBtc, SizingMode.FixedQuote, 100m, price: 68000m, userLeverage: 10));

        Assert.True(plan.IsAccepted, plan.RefusalReason);
        // 100 USDT × 10 / 68000 = 0.0147058... → 0.014 (never rounded up to 0.015).
        Assert.Equal(0.014m, plan.Order.Quantity);
        Assert.Equal("0.014", plan.Order.QuantityText);
        Assert.Equal(10, plan.Order.Leverage);
    }

    [Fact]
    public void Spot_quantity_is_rounded_down_to_step_0_00001000_and_printed_with_five_decimals()
    {
        var plan = OrderPlanner.Plan(Request(SpotBtc, SizingMode.FixedQuote, 50m, price: 68000m));

        Assert.True(plan.IsAccepted, plan.RefusalReason);
        // 50 / 68000 = 0.000735294... → 0.00073
        Assert.Equal(0.00073m, plan.Order.Quantity);
        Assert.Equal("0.00073", plan.Order.QuantityText);
        Assert.Null(plan.Order.Leverage);
    }

    [Fact]
    public void Percent_balance_spends_that_share_of_the_available_quote_balance()
    {
        var plan = OrderPlanner.Plan(Request(SpotBtc, SizingMode.PercentBalance, 10m, price: 50000m, balance: 1234.5m));

        Assert.True(plan.IsAccepted, plan.RefusalReason);
        // 10% of 1234.5 = 123.45 / 50000 = 0.002469 → 0.00246
        Assert.Equal("0.00246", plan.Order.QuantityText);
    }

    [Fact]
    public void A_quantity_that_rounds_below_min_qty_is_refused_with_the_numbers()
    {
        // 0.5 USDT at 68000 = 0.0000073 BTC → 0 at step 0.00001.
        var plan = OrderPlanner.Plan(Request(SpotBtc with { MinNotional = 0m }, SizingMode.FixedQuote, 0.5m, price: 68000m));

        Assert.False(plan.IsAccepted);
        Assert.Equal(OrderRefusalCodes.BelowMinQuantity, plan.RefusalCode);
        Assert.Contains("minimum quantity 0.00001", plan.RefusalReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_notional_below_the_minimum_after_rounding_is_refused()
    {
        // Futures: 5 USDT × 2 = 10 USDT / 68000 = 0.000147 → below 0.001 min qty; use a cheaper coin to reach the notional check.
        var eth = FuturesBtc with { Symbol = "ETHUSDT", BaseAsset = "ETH", MinNotional = 20m };
        var plan = OrderPlanner.Plan(Request(eth, SizingMode.FixedQuote, 5m, price: 3500m, userLeverage: 2));

        // 10 / 3500 = 0.002857 → 0.002 ETH × 3500 = 7 USDT < 20 USDT.
        Assert.False(plan.IsAccepted);
        Assert.Equal(OrderRefusalCodes.BelowMinNotional, plan.RefusalCode);
        Assert.Contains("= 7 USDT, below the minimum notional 20 USDT", plan.RefusalReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Leverage_is_capped_at_the_symbol_maximum_and_falls_back_to_the_signal_then_one()
    {
        Assert.Equal(20, OrderPlanner.LeverageFor(Request(FuturesBtc, SizingMode.FixedQuote, 100m, 68000m, userLeverage: 50)));
        Assert.Equal(7, OrderPlanner.LeverageFor(Request(FuturesBtc, SizingMode.FixedQuote, 100m, 68000m) with { SignalLeverage = 7 }));
        Assert.Equal(1, OrderPlanner.LeverageFor(Request(FuturesBtc, SizingMode.FixedQuote, 100m, 68000m)));
    }

    [Fact]
    public void Margin_above_the_available_balance_is_refused()
    {
        var plan = OrderPlanner.Plan(Request(FuturesBtc, SizingMode.FixedQuote, 500m, 68000m, userLeverage: 5, balance: 200m));

        Assert.Equal(OrderRefusalCodes.InsufficientBalance, plan.RefusalCode);
    }

    [Fact]
    public void Percent_balance_without_a_known_balance_is_refused()
    {
        var plan = OrderPlanner.Plan(Request(SpotBtc, SizingMode.PercentBalance, 10m, 68000m));

        Assert.Equal(OrderRefusalCodes.BalanceUnknown, plan.RefusalCode);
    }

    [Theory]
    [InlineData("0.001", 3)]
    [InlineData("0.00001000", 5)]
    [InlineData("1", 0)]
    [InlineData("1.00000000", 0)]
    [InlineData("0.1", 1)]
    public void Step_decimals_ignore_trailing_zeros(string step, int decimals)
    {
        Assert.Equal(decimals, OrderPlanner.DecimalsOf(decimal.Parse(step, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static OrderPlanRequest Request(SymbolRules rules, SizingMode mode, decimal value, decimal price, int? userLeverage = null, decimal? balance = null) => new()
    {
        Market = rules.Market,
        Symbol = rules.Symbol,
        Side = OrderSide.Buy,
        Sizing = new Sizing { Mode = mode, Value = value },
        UserLeverage = userLeverage,
        Price = price,
        AvailableQuoteBalance = balance,
        Rules = rules,
        ClientOrderId = "ss-test",
    };
}
