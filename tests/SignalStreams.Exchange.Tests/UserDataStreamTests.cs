using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Exchange.Protection;
using SignalStreams.Exchange.Streams;
using Xunit;

namespace SignalStreams.Exchange.Tests;

/// <summary>A protective order filling is pushed on the user data stream, so it is noticed without polling.</summary>
public sealed class UserDataStreamTests
{
    [Fact]
    public async Task Futures_stream_reports_the_stop_fill_with_its_client_id_and_realised_pnl()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, PaperAccountKeys.Derive(TestExchange.Credentials, "u-ws"));
        await client.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Futures, Symbol = "BTCUSDT", Side = OrderSide.Buy, Quantity = 0.01m, QuantityText = "0.010", ClientOrderId = "ss-ws-entry", Leverage = 10 }, CancellationToken.None);
        await client.PlaceProtectiveOrderAsync(new ProtectiveOrder { Symbol = "BTCUSDT", Side = OrderSide.Sell, Kind = ProtectionKind.StopLoss, TriggerPrice = 67000m, ClientOrderId = "sl-ws-1" }, CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await client.ConnectUserDataStreamAsync(MarketType.Futures, deadline.Token);
        await SignalStreams.Testing.Eventually.UntilAsync(() => exchange.Streams.Count == 1, "the stream is subscribed", TimeSpan.FromSeconds(10));

        exchange.Prices.Set("BTCUSDT", 66990.5m);

        var updates = await ReadUntilAsync(stream, u => u is { IsConditional: true, Status: "FINISHED" }, deadline.Token);
        var fill = Assert.Single(updates, u => u is { IsConditional: false, ExecutionType: "TRADE" });
        Assert.Equal(("sl-ws-1", "FILLED", 0.01m, 66990.5m, true), (fill.ClientOrderId, fill.Status, fill.LastQuantity, fill.LastPrice, fill.ReduceOnly));
        Assert.Equal(-10.095m, fill.RealizedPnl); // (66990.5 − 68000) × 0.01
        var finished = updates[^1];
        Assert.Equal(("sl-ws-1", fill.OrderId, 0.01m), (finished.ClientOrderId, finished.ActualOrderId, finished.CumulativeQuantity));
    }

    [Fact]
    public async Task Spot_stream_over_the_websocket_api_reports_the_oco_stop_fill_and_the_expired_sibling()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        await client.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Spot, Symbol = "SOLUSDT", Side = OrderSide.Buy, Quantity = 10m, QuantityText = "10.000", ClientOrderId = "ss-sol" }, CancellationToken.None);
        await client.PlaceOcoAsync(new OcoOrder { Symbol = "SOLUSDT", Side = OrderSide.Sell, Quantity = 10m, TakeProfitPrice = 160m, StopPrice = 140m, ListClientOrderId = "oc-ws-1" }, CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await client.ConnectUserDataStreamAsync(MarketType.Spot, deadline.Token);
        await SignalStreams.Testing.Eventually.UntilAsync(() => exchange.Streams.Count == 1, "the stream is subscribed", TimeSpan.FromSeconds(10));

        exchange.Prices.Set("SOLUSDT", 160.01m);

        var updates = await ReadUntilAsync(stream, u => u.Status == "FILLED", deadline.Token);
        var (stopId, takeId) = ProtectiveOrderIds.OcoLegs("oc-ws-1");
        Assert.Contains(updates, u => u.ClientOrderId == stopId && u is { Status: "EXPIRED", ExecutionType: "EXPIRED" });
        var fill = updates[^1];
        Assert.Equal((takeId, "TRADE", 10m, 160m, 160m), (fill.ClientOrderId, fill.ExecutionType, fill.LastQuantity, fill.LastPrice, fill.AveragePrice));
        Assert.True(fill.OrderListId > 0);
    }

    [Fact]
    public async Task A_listen_key_is_kept_alive_and_once_closed_cannot_be_kept_alive()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        var first = await client.StartUserDataStreamAsync(CancellationToken.None);
        var second = await client.StartUserDataStreamAsync(CancellationToken.None);
        await client.KeepAliveUserDataStreamAsync(CancellationToken.None);
        await client.CloseUserDataStreamAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<Binance.BinanceApiException>(() => client.KeepAliveUserDataStreamAsync(CancellationToken.None));

        Assert.Equal(first, second);
        Assert.Equal(-1125, error.Code);
        Assert.Null(exchange.Streams.AccountOf(first));
    }

    private static async Task<List<OrderUpdate>> ReadUntilAsync(UserDataStreamReader stream, Func<OrderUpdate, bool> last, CancellationToken cancellationToken)
    {
        var updates = new List<OrderUpdate>();
        await foreach (var update in stream.ReadAsync(cancellationToken))
        {
            updates.Add(update);
            if (last(update))
            {
                break;
            }
        }

        return updates;
    }
}
