using System.Globalization;
using System.Net;
using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Binance;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.Exchange.Tests;

public sealed class PaperExchangeBehaviourTests
{
    [Fact]
    public async Task An_order_can_be_looked_up_by_its_order_id()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        var placed = (OrderOutcome.Placed)await client.PlaceMarketOrderAsync(Order("ss-by-id-1", "BTCUSDT"), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = exchange.BaseUrl };
        var query = $"symbol=BTCUSDT&orderId={placed.OrderId}&timestamp={exchange.Clock.NowMs.ToString(CultureInfo.InvariantCulture)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v3/order?" + query + "&signature=" + BinanceSigner.Sign(TestExchange.ApiSecret, query));
        request.Headers.Add("X-MBX-APIKEY", TestExchange.ApiKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ss-by-id-1", body.RootElement.GetProperty("clientOrderId").GetString());
        Assert.Equal("FILLED", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("0.00200000", body.RootElement.GetProperty("executedQty").GetString());
    }

    [Fact]
    public async Task A_fault_scoped_to_one_symbol_and_key_leaves_other_symbols_and_keys_alone()
    {
        await using var exchange = await TestExchange.StartAsync(
            ("PaperExchange:Accounts:1:ApiKey", "other-key-7a6b5c4d3e2f"),
            ("PaperExchange:Accounts:1:ApiSecret", "other-secret-1f2e3d4c5b6a"),
            ("PaperExchange:Accounts:1:Balances:USDT", "1000"));
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.Error, Status = 400, Code = -2010, Msg = "Order would immediately trigger.", Method = "POST", Symbol = "ETHUSDT", ApiKey = TestExchange.ApiKey });
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        var other = factory.Create(exchange.BaseUrl, new Credentials.ApiCredentials("other-key-7a6b5c4d3e2f", "other-secret-1f2e3d4c5b6a"));

        var hit = await client.PlaceMarketOrderAsync(Order("ss-scope-1", "ETHUSDT", "0.0100"), CancellationToken.None);
        var otherSymbol = await client.PlaceMarketOrderAsync(Order("ss-scope-2", "BTCUSDT"), CancellationToken.None);
        var otherKey = await other.PlaceMarketOrderAsync(Order("ss-scope-3", "ETHUSDT", "0.0100"), CancellationToken.None);

        Assert.Equal(-2010, Assert.IsType<OrderOutcome.NotPlaced>(hit).Code);
        Assert.IsType<OrderOutcome.Placed>(otherSymbol);
        Assert.IsType<OrderOutcome.Placed>(otherKey);
        Assert.Equal(["ss-scope-2", "ss-scope-3"], exchange.Orders.All().Select(o => o.ClientOrderId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_filled_order_id_may_be_reused_as_at_binance_so_two_orders_exist()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        await client.PlaceMarketOrderAsync(Order("ss-reuse-1", "BTCUSDT"), CancellationToken.None);
        var again = await client.PlaceMarketOrderAsync(Order("ss-reuse-1", "BTCUSDT"), CancellationToken.None);

        // This is why the executor looks an order up before any new attempt: the exchange does not stop a resend.
        Assert.False(Assert.IsType<OrderOutcome.Placed>(again).FoundByLookup);
        Assert.Equal(2, exchange.Orders.WithClientOrderId("ss-reuse-1").Count);
    }

    [Fact]
    public async Task Random_walk_moves_prices_on_the_tick_grid()
    {
        await using var exchange = await TestExchange.StartAsync(
            ("PaperExchange:PriceMode", "RandomWalk"), ("PaperExchange:RandomWalkIntervalMs", "20"), ("PaperExchange:RandomWalkStepPercent", "1"));

        await Eventually.UntilAsync(() => exchange.Prices.Get("BTCUSDT") != 68000m, "the BTCUSDT price moves", TimeSpan.FromSeconds(10));

        var price = exchange.Prices.Get("BTCUSDT")!.Value;
        Assert.Equal(0m, price % 0.01m);
        Assert.True(price > 0);
    }

    [Fact]
    public async Task Admin_price_changes_are_what_the_next_fill_gets()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var http = new HttpClient { BaseAddress = exchange.BaseUrl };
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        using var put = await http.PutAsync("/admin/prices/BTCUSDT", new StringContent("{\"price\": 70123.456}", System.Text.Encoding.UTF8, "application/json"));
        var placed = Assert.IsType<OrderOutcome.Placed>(await client.PlaceMarketOrderAsync(Order("ss-price-1", "BTCUSDT"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(70123.46m, placed.AveragePrice);
    }

    private static MarketOrder Order(string clientOrderId, string symbol, string quantity = "0.00200") => new()
    {
        Market = MarketType.Spot,
        Symbol = symbol,
        Side = OrderSide.Buy,
        Quantity = decimal.Parse(quantity, CultureInfo.InvariantCulture),
        QuantityText = quantity,
        ClientOrderId = clientOrderId,
    };
}
