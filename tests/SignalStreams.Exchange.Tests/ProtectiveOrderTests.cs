using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Exchange.Protection;
using SignalStreams.PaperExchange.Faults;
using Xunit;

namespace SignalStreams.Exchange.Tests;

/// <summary>
/// The client's protection calls against the paper exchange over HTTP: futures stop / take-profit on the algo service,
/// triggered by a price move, closing the position with PnL to the cent (fees included).
/// </summary>
public sealed class ProtectiveOrderTests
{
    private static readonly (string, string)[] Fees = [("PaperExchange:FuturesTakerFeePercent", "0.05"), ("PaperExchange:SpotFeePercent", "0.1")];

    [Fact]
    public async Task Price_moved_through_the_stop_closes_the_long_with_pnl_to_the_cent_and_the_take_profit_is_left_to_the_caller()
    {
        await using var exchange = await TestExchange.StartAsync(Fees);
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, PaperAccountKeys.Derive(TestExchange.Credentials, "u-long"));
        await OpenAsync(client, OrderSide.Buy, "0.500", leverage: 10, "ss-entry-long");
        var stopId = ProtectiveOrderIds.For("sig-1", "u-long", ProtectionKind.StopLoss);
        var takeId = ProtectiveOrderIds.For("sig-1", "u-long", ProtectionKind.TakeProfit);

        var stop = await client.PlaceProtectiveOrderAsync(new ProtectiveOrder { Symbol = "ETHUSDT", Side = OrderSide.Sell, Kind = ProtectionKind.StopLoss, TriggerPrice = 3400m, Quantity = 0.5m, ClientOrderId = stopId }, CancellationToken.None);
        var take = await client.PlaceProtectiveOrderAsync(new ProtectiveOrder { Symbol = "ETHUSDT", Side = OrderSide.Sell, Kind = ProtectionKind.TakeProfit, TriggerPrice = 3700m, ClientOrderId = takeId }, CancellationToken.None);
        Assert.Equal("NEW", Assert.IsType<OrderOutcome.Placed>(stop).Status);
        Assert.IsType<OrderOutcome.Placed>(take);
        Assert.Equal(2, (await client.GetOpenOrdersAsync(MarketType.Futures, "ETHUSDT", CancellationToken.None)).Count(o => o.IsConditional && o.ReduceOnly | o.ClosePosition));

        Assert.True(exchange.Prices.Set("ETHUSDT", 3400m));

        var position = await client.GetPositionAsync("ETHUSDT", CancellationToken.None);
        Assert.Equal(0m, position.Amount);
        var stopped = await client.GetOrderAsync(MarketType.Futures, "ETHUSDT", stopId, conditional: true, CancellationToken.None);
        Assert.Equal(("FINISHED", 0.5m, 3400m), (stopped!.Status, stopped.ExecutedQuantity, stopped.AveragePrice));
        // The fill: (3400 − 3500) × 0.5 = −50.00 realised; commissions 0.05 % of 1750 (0.875) and of 1700 (0.85).
        var account = exchange.State.UserAccount(TestExchange.ApiKey, "u-long")!;
        Assert.Equal(-50m, account.PositionOf("ETHUSDT").RealizedPnl);
        Assert.Equal(100_000m - 50m - 0.875m - 0.85m, account.FuturesBalances()["USDT"]);
        Assert.Equal(100_000m - 50m - 0.875m - 0.85m, await client.GetAvailableQuoteBalanceAsync(MarketType.Futures, "USDT", CancellationToken.None));
        var exit = Assert.Single(account.Trades(), t => t.Side == OrderSide.Sell);
        Assert.Equal((-50m, 0.85m, stopId), (exit.RealizedPnl, exit.Commission, exchange.Orders.ById(exit.OrderId)!.ClientOrderId));

        // Binance futures does not cancel the sibling: the take-profit stays open until the caller cancels it, and if it
        // triggers with nothing left to reduce it expires instead of opening a short.
        Assert.Equal("NEW", (await client.GetOrderAsync(MarketType.Futures, "ETHUSDT", takeId, conditional: true, CancellationToken.None))!.Status);
        exchange.Prices.Set("ETHUSDT", 3700m);
        Assert.Equal("EXPIRED", (await client.GetOrderAsync(MarketType.Futures, "ETHUSDT", takeId, conditional: true, CancellationToken.None))!.Status);
        Assert.Equal(0m, (await client.GetPositionAsync("ETHUSDT", CancellationToken.None)).Amount);
    }

    [Fact]
    public async Task Take_profit_on_a_short_realises_the_gain_and_the_cancelled_stop_stays_cancelled()
    {
        await using var exchange = await TestExchange.StartAsync(Fees);
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, PaperAccountKeys.Derive(TestExchange.Credentials, "u-short"));
        await OpenAsync(client, OrderSide.Sell, "1.000", leverage: 5, "ss-entry-short");
        await client.PlaceProtectiveOrderAsync(new ProtectiveOrder { Symbol = "ETHUSDT", Side = OrderSide.Buy, Kind = ProtectionKind.StopLoss, TriggerPrice = 3600m, Quantity = 1m, ClientOrderId = "sl-short-1" }, CancellationToken.None);
        await client.PlaceProtectiveOrderAsync(new ProtectiveOrder { Symbol = "ETHUSDT", Side = OrderSide.Buy, Kind = ProtectionKind.TakeProfit, TriggerPrice = 3300m, Quantity = 1m, ClientOrderId = "tp-short-1", TriggerOnMarkPrice = true }, CancellationToken.None);

        var cancelled = await client.CancelOrderAsync(MarketType.Futures, "ETHUSDT", "sl-short-1", conditional: true, CancellationToken.None);
        var again = await client.CancelOrderAsync(MarketType.Futures, "ETHUSDT", "sl-short-1", conditional: true, CancellationToken.None);
        // The last price reaches 3300 but the mark stays above: a MARK_PRICE take-profit waits for the mark.
        exchange.Prices.Set("ETHUSDT", 3300m, markPrice: 3310m);
        Assert.Equal(-1m, (await client.GetPositionAsync("ETHUSDT", CancellationToken.None)).Amount);
        exchange.Prices.Set("ETHUSDT", 3299.99m);

        Assert.IsType<CancelOutcome.Cancelled>(cancelled);
        Assert.Equal(-2011, Assert.IsType<CancelOutcome.NotOpen>(again).Code);
        Assert.Equal(0m, (await client.GetPositionAsync("ETHUSDT", CancellationToken.None)).Amount);
        var account = exchange.State.UserAccount(TestExchange.ApiKey, "u-short")!;
        // (3500 − 3299.99) × 1 = 200.01; commissions 1.75 and 1.649995.
        Assert.Equal(200.01m, account.PositionOf("ETHUSDT").RealizedPnl);
        Assert.Equal(100_000m + 200.01m - 1.75m - 1.649995m, account.FuturesBalances()["USDT"]);
        Assert.Equal("CANCELED", Assert.Single(exchange.Orders.WithClientOrderId("sl-short-1")).Status);
    }

    [Fact]
    public async Task A_protective_order_whose_answer_is_lost_is_found_by_lookup_and_exists_once()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        await OpenAsync(client, OrderSide.Buy, "0.100", leverage: 2, "ss-entry-lost");
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThen503, Method = "POST", Path = "/fapi/v1/algoOrder", Times = 1 });

        var outcome = await client.PlaceProtectiveOrderAsync(new ProtectiveOrder { Symbol = "ETHUSDT", Side = OrderSide.Sell, Kind = ProtectionKind.StopLoss, TriggerPrice = 3000m, Quantity = 0.1m, ClientOrderId = "sl-lost-1" }, CancellationToken.None);
        var retried = await client.PlaceProtectiveOrderAsync(new ProtectiveOrder { Symbol = "ETHUSDT", Side = OrderSide.Sell, Kind = ProtectionKind.StopLoss, TriggerPrice = 3000m, Quantity = 0.1m, ClientOrderId = "sl-lost-1" }, CancellationToken.None);

        Assert.True(Assert.IsType<OrderOutcome.Placed>(outcome).FoundByLookup);
        // A resend with the same clientAlgoId is refused as a duplicate and settled by the same lookup.
        Assert.Equal(((OrderOutcome.Placed)outcome).OrderId, Assert.IsType<OrderOutcome.Placed>(retried).OrderId);
        Assert.Single(exchange.Orders.WithClientOrderId("sl-lost-1"));
    }

    [Fact]
    public async Task Reduce_only_market_close_flattens_the_position_and_a_second_close_is_refused()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        await OpenAsync(client, OrderSide.Buy, "0.300", leverage: 3, "ss-entry-close");
        exchange.Prices.Set("ETHUSDT", 3512.34m);
        var position = await client.GetPositionAsync("ETHUSDT", CancellationToken.None);
        MarketOrder Close(string id) => new() { Market = MarketType.Futures, Symbol = "ETHUSDT", Side = OrderSide.Sell, Quantity = position.Amount, QuantityText = "0.300", ClientOrderId = id, ReduceOnly = true };

        var first = await client.PlaceMarketOrderAsync(Close(ProtectiveOrderIds.For("sig-c", "u", ProtectionKind.Close)), CancellationToken.None);
        var second = await client.PlaceMarketOrderAsync(Close("cl-second"), CancellationToken.None);

        Assert.Equal((0.3m, 3500m, 3.702m), (position.Amount, position.EntryPrice, position.UnrealizedPnl));
        Assert.Equal(3512.34m, Assert.IsType<OrderOutcome.Placed>(first).AveragePrice);
        Assert.Equal(-2022, Assert.IsType<OrderOutcome.NotPlaced>(second).Code);
        Assert.Equal(0m, (await client.GetPositionAsync("ETHUSDT", CancellationToken.None)).Amount);
        Assert.Equal(3.702m, exchange.State.Account(TestExchange.ApiKey)!.PositionOf("ETHUSDT").RealizedPnl);
    }

    private static async Task OpenAsync(IExchangeClient client, OrderSide side, string quantity, int leverage, string clientOrderId)
    {
        var outcome = await client.PlaceMarketOrderAsync(new MarketOrder
        {
            Market = MarketType.Futures, Symbol = "ETHUSDT", Side = side, Quantity = decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture),
            QuantityText = quantity, ClientOrderId = clientOrderId, Leverage = leverage,
        }, CancellationToken.None);
        Assert.Equal(3500m, Assert.IsType<OrderOutcome.Placed>(outcome).AveragePrice);
    }
}
