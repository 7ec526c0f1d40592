using SignalStreams.Contracts;
using SignalStreams.Exchange.Planning;
using Xunit;

namespace SignalStreams.Exchange.Tests;

/// <summary>Planner + client against the paper exchange over HTTP: what was filled, at what price.</summary>
public sealed class MarketOrderFillTests
{
    [Fact]
    public async Task Spot_market_order_fills_with_the_planned_quantity_at_the_price_plus_slippage()
    {
        await using var exchange = await TestExchange.StartAsync(("PaperExchange:SlippagePercent", "0.1"));
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        var rules = await client.GetSymbolRulesAsync(MarketType.Spot, "BTCUSDT", CancellationToken.None);
        var price = await client.GetPriceAsync(MarketType.Spot, "BTCUSDT", CancellationToken.None);
        var balance = await client.GetAvailableQuoteBalanceAsync(MarketType.Spot, "USDT", CancellationToken.None);

        var plan = OrderPlanner.Plan(Request(MarketType.Spot, rules, price, balance, quote: 50m, leverage: null, "ss-spot-fill-1"));
        Assert.True(plan.IsAccepted, plan.RefusalReason);
        var outcome = await client.PlaceMarketOrderAsync(plan.Order, CancellationToken.None);

        var placed = Assert.IsType<OrderOutcome.Placed>(outcome);
        Assert.Equal(0.00001m, rules.EffectiveStepSize);
        Assert.Equal(68000m, price);
        Assert.Equal(100_000m, balance);
        Assert.Equal(0.00073m, placed.ExecutedQuantity);
        Assert.Equal(68068.00m, placed.AveragePrice);           // 68000 × 1.001
        Assert.Equal("FILLED", placed.Status);
        Assert.Equal(1, placed.Leverage);
        Assert.False(placed.FoundByLookup);
        var order = Assert.Single(exchange.Orders.All());
        Assert.Equal(("ss-spot-fill-1", 0.00073m, 68068.00m, OrderSide.Buy), (order.ClientOrderId, order.Quantity, order.AveragePrice, order.Side));
        Assert.Equal(order.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), placed.OrderId);
        var after = await client.GetAvailableQuoteBalanceAsync(MarketType.Spot, "USDT", CancellationToken.None);
        Assert.Equal(100_000m - (0.00073m * 68068.00m), after);
    }

    [Fact]
    public async Task Futures_market_order_sets_leverage_then_fills_margin_times_leverage()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        var rules = await client.GetSymbolRulesAsync(MarketType.Futures, "ETHUSDT", CancellationToken.None);
        var price = await client.GetPriceAsync(MarketType.Futures, "ETHUSDT", CancellationToken.None);

        // 100 USDT margin × 10 = 1000 USDT / 3500 = 0.2857 → 0.285 at step 0.001.
        var plan = OrderPlanner.Plan(Request(MarketType.Futures, rules, price, 100_000m, quote: 100m, leverage: 10, "ss-fut-fill-1") with { Side = OrderSide.Sell });
        Assert.True(plan.IsAccepted, plan.RefusalReason);
        var outcome = await client.PlaceMarketOrderAsync(plan.Order, CancellationToken.None);

        var placed = Assert.IsType<OrderOutcome.Placed>(outcome);
        Assert.Equal(100, rules.MaxLeverage);
        Assert.Equal(0.285m, placed.ExecutedQuantity);
        Assert.Equal(3500m, placed.AveragePrice);
        Assert.Equal(10, placed.Leverage);
        var order = Assert.Single(exchange.Orders.All());
        Assert.Equal((MarketType.Futures, OrderSide.Sell, 0.285m, 10), (order.Market, order.Side, order.Quantity, order.Leverage));
        // Margin 0.285 × 3500 / 10 = 99.75 USDT is held by the position.
        Assert.Equal(100_000m - 99.75m, await client.GetAvailableQuoteBalanceAsync(MarketType.Futures, "USDT", CancellationToken.None));
    }

    [Fact]
    public async Task Leverage_above_the_symbol_maximum_is_capped_by_the_planner_and_accepted()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        var rules = await client.GetSymbolRulesAsync(MarketType.Futures, "XAUUSDT", CancellationToken.None);

        var plan = OrderPlanner.Plan(Request(MarketType.Futures, rules, 2650m, 100_000m, quote: 10m, leverage: 125, "ss-fut-cap-1"));
        var outcome = await client.PlaceMarketOrderAsync(plan.Order!, CancellationToken.None);

        Assert.Equal(50, Assert.IsType<OrderOutcome.Placed>(outcome).Leverage);
        Assert.Equal(50, Assert.Single(exchange.Orders.All()).Leverage);
    }

    [Fact]
    public async Task Lookup_finds_a_placed_order_and_reports_an_unknown_client_order_id_as_not_placed()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        var order = new MarketOrder { Market = MarketType.Spot, Symbol = "SOLUSDT", Side = OrderSide.Buy, Quantity = 1m, QuantityText = "1.000", ClientOrderId = "ss-lookup-1" };
        await client.PlaceMarketOrderAsync(order, CancellationToken.None);

        var found = await client.LookupOrderAsync(MarketType.Spot, "SOLUSDT", "ss-lookup-1", CancellationToken.None);
        var missing = await client.LookupOrderAsync(MarketType.Spot, "SOLUSDT", "ss-never-sent", CancellationToken.None);

        Assert.Equal((1m, 150m), (Assert.IsType<OrderOutcome.Placed>(found).ExecutedQuantity, ((OrderOutcome.Placed)found).AveragePrice));
        Assert.Equal(-2013, Assert.IsType<OrderOutcome.NotPlaced>(missing).Code);
    }

    [Fact]
    public async Task An_order_the_exchange_refuses_is_not_placed_and_carries_binance_code_and_msg()
    {
        await using var exchange = await TestExchange.StartAsync(("PaperExchange:Accounts:0:Balances:USDT", "10"));
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        var order = new MarketOrder { Market = MarketType.Spot, Symbol = "BTCUSDT", Side = OrderSide.Buy, Quantity = 0.01m, QuantityText = "0.01000", ClientOrderId = "ss-too-poor-1" };

        var outcome = await client.PlaceMarketOrderAsync(order, CancellationToken.None);

        var refused = Assert.IsType<OrderOutcome.NotPlaced>(outcome);
        Assert.Equal(-2010, refused.Code);
        Assert.Equal("Account has insufficient balance for requested action.", refused.Msg);
        Assert.Empty(exchange.Orders.All());
    }

    private static OrderPlanRequest Request(MarketType market, SymbolRules rules, decimal price, decimal balance, decimal quote, int? leverage, string clientOrderId) => new()
    {
        Market = market,
        Symbol = rules.Symbol,
        Side = OrderSide.Buy,
        Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = quote },
        UserLeverage = leverage,
        Price = price,
        AvailableQuoteBalance = balance,
        Rules = rules,
        ClientOrderId = clientOrderId,
    };
}
