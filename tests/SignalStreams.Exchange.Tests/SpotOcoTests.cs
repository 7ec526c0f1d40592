using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Exchange.Protection;
using Xunit;

namespace SignalStreams.Exchange.Tests;

/// <summary>Spot protection: an OCO whose first leg to execute expires the other, balances exact with Binance's commission.</summary>
public sealed class SpotOcoTests
{
    [Fact]
    public async Task Price_moved_through_the_stop_sells_at_the_stop_and_the_take_profit_leg_expires()
    {
        await using var exchange = await TestExchange.StartAsync(("PaperExchange:SpotFeePercent", "0.1"));
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, PaperAccountKeys.Derive(TestExchange.Credentials, "u-spot"));
        var buy = await client.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Spot, Symbol = "BTCUSDT", Side = OrderSide.Buy, Quantity = 0.1m, QuantityText = "0.10000", ClientOrderId = "ss-spot-entry" }, CancellationToken.None);
        Assert.Equal(68000m, Assert.IsType<OrderOutcome.Placed>(buy).AveragePrice);
        var listId = ProtectiveOrderIds.For("sig-s", "u-spot", ProtectionKind.Oco);
        var (stopLeg, takeLeg) = ProtectiveOrderIds.OcoLegs(listId);

        // 0.1 BTC bought with 0.1 % commission taken in BTC leaves 0.0999 to protect.
        var oco = await client.PlaceOcoAsync(new OcoOrder { Symbol = "BTCUSDT", Side = OrderSide.Sell, Quantity = 0.0999m, TakeProfitPrice = 70000m, StopPrice = 66000m, ListClientOrderId = listId }, CancellationToken.None);
        var account = exchange.State.UserAccount(TestExchange.ApiKey, "u-spot")!;
        Assert.Equal(("EXECUTING", 0.0999m), (Assert.IsType<OrderOutcome.Placed>(oco).Status, account.SpotLocked()["BTC"]));
        Assert.Equal(2, (await client.GetOpenOrdersAsync(MarketType.Spot, "BTCUSDT", CancellationToken.None)).Count(o => o.OrderListId.ToString(System.Globalization.CultureInfo.InvariantCulture) == ((OrderOutcome.Placed)oco).OrderId));

        exchange.Prices.Set("BTCUSDT", 65990m);

        var stop = await client.GetOrderAsync(MarketType.Spot, "BTCUSDT", stopLeg, conditional: false, CancellationToken.None);
        var take = await client.GetOrderAsync(MarketType.Spot, "BTCUSDT", takeLeg, conditional: false, CancellationToken.None);
        Assert.Equal(("STOP_LOSS", "FILLED", 65990m), (stop!.Type, stop.Status, stop.AveragePrice));
        Assert.Equal(("LIMIT_MAKER", "EXPIRED"), (take!.Type, take.Status));
        Assert.Empty(await client.GetOpenOrdersAsync(MarketType.Spot, "BTCUSDT", CancellationToken.None));
        Assert.Equal("ALL_DONE", Assert.Single(exchange.Orders.Lists()).ListOrderStatus);
        // USDT: 100000 − 6800 + 0.0999 × 65990 (6592.401) − 0.1 % commission (6.592401) = 99785.808599.
        Assert.Equal(99_785.808599m, account.SpotBalances()["USDT"]);
        Assert.Equal(0m, account.SpotBalances()["BTC"] + account.SpotLocked()["BTC"]);
    }

    [Fact]
    public async Task A_spot_holding_with_only_a_stop_gets_one_stop_loss_order_found_by_lookup_when_its_answer_is_lost_and_sold_at_the_stop()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, PaperAccountKeys.Derive(TestExchange.Credentials, "u-spot-sl"));
        await client.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Spot, Symbol = "BTCUSDT", Side = OrderSide.Buy, Quantity = 0.1m, QuantityText = "0.10000", ClientOrderId = "ss-spot-sl-entry" }, CancellationToken.None);
        var stopId = ProtectiveOrderIds.For("sig-sl", "u-spot-sl", ProtectionKind.StopLoss);
        exchange.Faults.Add(new SignalStreams.PaperExchange.Faults.FaultRule { Kind = SignalStreams.PaperExchange.Faults.FaultKind.FillThen503, Method = "POST", Path = "/api/v3/order", Times = 1 });
        var order = new ProtectiveOrder { Market = MarketType.Spot, Symbol = "BTCUSDT", Side = OrderSide.Sell, Kind = ProtectionKind.StopLoss, TriggerPrice = 66000m, Quantity = 0.1m, ClientOrderId = stopId };

        var placed = await client.PlaceProtectiveOrderAsync(order, CancellationToken.None);
        var again = await client.PlaceProtectiveOrderAsync(order, CancellationToken.None);

        // The 503 hid an accepted order: the lookup finds it, and a resend is a duplicate settled by the same lookup.
        Assert.True(Assert.IsType<OrderOutcome.Placed>(placed).FoundByLookup);
        Assert.Equal(((OrderOutcome.Placed)placed).OrderId, Assert.IsType<OrderOutcome.Placed>(again).OrderId);
        var resting = Assert.Single(exchange.Orders.WithClientOrderId(stopId));
        Assert.Equal(("STOP_LOSS", OrderSide.Sell, 66000m, 0.1m, "NEW"), (resting.Type, resting.Side, resting.StopPrice, resting.Quantity, resting.Status));
        Assert.Equal(-2010, Assert.IsType<OrderOutcome.NotPlaced>(await client.PlaceProtectiveOrderAsync(order with { ClientOrderId = "sl-crossed-1", TriggerPrice = 69000m }, CancellationToken.None)).Code);

        exchange.Prices.Set("BTCUSDT", 65990m);

        var stop = await client.GetOrderAsync(MarketType.Spot, "BTCUSDT", stopId, conditional: false, CancellationToken.None);
        Assert.Equal(("FILLED", 0.1m, 65990m), (stop!.Status, stop.ExecutedQuantity, stop.AveragePrice));
        Assert.Equal(0m, exchange.State.UserAccount(TestExchange.ApiKey, "u-spot-sl")!.SpotBalances()["BTC"]);
    }

    [Fact]
    public async Task Cancelling_one_leg_cancels_the_list_and_releases_the_locked_base()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        await client.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Spot, Symbol = "ETHUSDT", Side = OrderSide.Buy, Quantity = 1m, QuantityText = "1.0000", ClientOrderId = "ss-eth" }, CancellationToken.None);
        await client.PlaceOcoAsync(new OcoOrder { Symbol = "ETHUSDT", Side = OrderSide.Sell, Quantity = 1m, TakeProfitPrice = 3800m, StopPrice = 3300m, StopLimitPrice = 3290m, ListClientOrderId = "oc-cancel-1" }, CancellationToken.None);

        var cancelled = await client.CancelOrderAsync(MarketType.Spot, "ETHUSDT", ProtectiveOrderIds.OcoLegs("oc-cancel-1").TakeProfit, conditional: false, CancellationToken.None);
        var listAgain = await client.CancelOrderListAsync("ETHUSDT", "oc-cancel-1", CancellationToken.None);

        Assert.IsType<CancelOutcome.Cancelled>(cancelled);
        Assert.IsType<CancelOutcome.NotOpen>(listAgain);
        Assert.All(exchange.Orders.All().Where(o => o.OrderListId >= 0), o => Assert.Equal("CANCELED", o.Status));
        var account = exchange.State.Account(TestExchange.ApiKey)!;
        Assert.Equal((1m, 0m), (account.SpotBalances()["ETH"], account.SpotLocked()["ETH"]));
        // With the OCO gone, a move through its prices changes nothing.
        exchange.Prices.Set("ETHUSDT", 3200m);
        Assert.Equal(1m, account.SpotBalances()["ETH"]);
    }

    [Fact]
    public async Task An_oco_on_the_wrong_side_of_the_price_is_refused_with_binances_message()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        await client.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Spot, Symbol = "ETHUSDT", Side = OrderSide.Buy, Quantity = 1m, QuantityText = "1.0000", ClientOrderId = "ss-eth-2" }, CancellationToken.None);

        var outcome = await client.PlaceOcoAsync(new OcoOrder { Symbol = "ETHUSDT", Side = OrderSide.Sell, Quantity = 1m, TakeProfitPrice = 3800m, StopPrice = 3550m, ListClientOrderId = "oc-wrong-1" }, CancellationToken.None);

        var refused = Assert.IsType<OrderOutcome.NotPlaced>(outcome);
        Assert.Equal((-2010, "The relationship of the prices for the orders is not correct."), (refused.Code, refused.Msg));
        Assert.Empty(exchange.Orders.Lists());
    }
}
