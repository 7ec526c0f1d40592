using SignalStreams.Contracts;
using SignalStreams.Exchange.Binance;
using SignalStreams.PaperExchange.Faults;
using Xunit;

namespace SignalStreams.Exchange.Tests;

public sealed class RateLimitAndClockTests
{
    [Fact]
    public async Task A_read_answered_429_waits_the_retry_after_then_succeeds()
    {
        await using var exchange = await TestExchange.StartAsync();
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit, Path = "/api/v3/ticker/price", RetryAfterSeconds = 7, Times = 1 });
        var time = new RecordingTimeProvider();
        using var factory = TestExchange.Factory(TestExchange.FastOptions(o => o.TimeProvider = time));
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        var price = await client.GetPriceAsync(MarketType.Spot, "BTCUSDT", CancellationToken.None);

        Assert.Equal(68000m, price);
        Assert.Empty(exchange.Faults.List());                     // the 429 was served...
        Assert.Contains(time.Waits, w => w >= TimeSpan.FromSeconds(6.9)); // ...and the retry waited Retry-After first.
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_read_timeout_is_waited_out_not_timed_out()
    {
        await using var exchange = await TestExchange.StartAsync();
        // Retry-After 3 s against a read timeout of 1.5 s (long enough for one price request on a loaded machine).
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit, Path = "/fapi/v2/ticker/price", RetryAfterSeconds = 3, Times = 1 });
        using var factory = TestExchange.Factory(TestExchange.FastOptions(o => (o.ReadTimeout, o.ReadRetries) = (TimeSpan.FromMilliseconds(1500), 1)));
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        var price = await client.GetPriceAsync(MarketType.Futures, "SOLUSDT", CancellationToken.None);

        Assert.Equal(150m, price);
    }

    [Fact]
    public async Task A_418_ban_beyond_max_retry_after_fails_fast_and_later_requests_are_not_sent()
    {
        await using var exchange = await TestExchange.StartAsync();
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit, Status = 418, Path = "/api/v3/ticker/price", RetryAfterSeconds = 600, Times = 1 });
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Path = "/api/v3", Times = 100 }); // counts requests that get through
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        var first = await Assert.ThrowsAsync<BinanceApiException>(() => client.GetPriceAsync(MarketType.Spot, "BTCUSDT", CancellationToken.None));
        var second = await Assert.ThrowsAsync<BinanceApiException>(() => client.GetPriceAsync(MarketType.Spot, "ETHUSDT", CancellationToken.None));
        var order = await client.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Spot, Symbol = "ETHUSDT", Side = OrderSide.Buy, Quantity = 0.01m, QuantityText = "0.0100", ClientOrderId = "ss-banned-1" }, CancellationToken.None);

        Assert.Equal((ExchangeFailureKind.Banned, -1003), (first.Kind, first.Code));
        Assert.Equal(ExchangeFailureKind.Banned, second.Kind);
        Assert.True(second.RetryAfter > TimeSpan.FromMinutes(9));
        Assert.True(Assert.IsType<OrderOutcome.NotPlaced>(order).RetryAfter > TimeSpan.FromMinutes(9));
        Assert.Equal(100, Assert.Single(exchange.Faults.List()).Times);
        Assert.Empty(exchange.Orders.All());
    }

    [Fact]
    public async Task An_order_answered_429_is_not_resent_and_the_next_request_waits_the_retry_after()
    {
        await using var exchange = await TestExchange.StartAsync();
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit, Method = "POST", Path = "/api/v3/order", RetryAfterSeconds = 30, Times = 1 });
        var time = new RecordingTimeProvider();
        using var factory = TestExchange.Factory(TestExchange.FastOptions(o => o.TimeProvider = time));
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        var order = new MarketOrder { Market = MarketType.Spot, Symbol = "ETHUSDT", Side = OrderSide.Buy, Quantity = 0.01m, QuantityText = "0.0100", ClientOrderId = "ss-429-1" };

        var refused = Assert.IsType<OrderOutcome.NotPlaced>(await client.PlaceMarketOrderAsync(order, CancellationToken.None));
        Assert.Empty(exchange.Orders.All());
        Assert.DoesNotContain(time.Waits, w => w >= TimeSpan.FromSeconds(29));

        var retried = await client.PlaceMarketOrderAsync(order, CancellationToken.None);

        Assert.Equal((-1003, TimeSpan.FromSeconds(30)), (refused.Code, refused.RetryAfter));
        Assert.Contains(time.Waits, w => w >= TimeSpan.FromSeconds(29));
        Assert.IsType<OrderOutcome.Placed>(retried);
        Assert.Single(exchange.Orders.WithClientOrderId("ss-429-1"));
    }

    [Fact]
    public async Task Timestamp_rejected_with_1021_resyncs_server_time_and_the_order_succeeds_once()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        await client.GetAvailableQuoteBalanceAsync(MarketType.Futures, "USDT", CancellationToken.None); // clock synced at offset ~0
        exchange.Clock.SkewMs = 90_000;                                                                 // server now 90 s ahead

        var outcome = await client.PlaceMarketOrderAsync(
            new MarketOrder { Market = MarketType.Futures, Symbol = "SOLUSDT", Side = OrderSide.Sell, Quantity = 2m, QuantityText = "2", ClientOrderId = "ss-skew-1", Leverage = 3 },
            CancellationToken.None);

        Assert.IsType<OrderOutcome.Placed>(outcome);
        Assert.Single(exchange.Orders.WithClientOrderId("ss-skew-1"));
    }

    [Fact]
    public async Task A_1021_that_persists_after_resync_surfaces_as_a_typed_failure()
    {
        await using var exchange = await TestExchange.StartAsync();
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.Error, Status = 400, Code = -1021, Msg = "Timestamp for this request is outside of the recvWindow.", Path = "/api/v3/account" });
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        var error = await Assert.ThrowsAsync<BinanceApiException>(() => client.GetAvailableQuoteBalanceAsync(MarketType.Spot, "USDT", CancellationToken.None));

        Assert.Equal((ExchangeFailureKind.TimestampOutsideRecvWindow, -1021), (error.Kind, error.Code));
    }

    [Fact]
    public async Task The_circuit_opens_for_a_failing_base_url_and_then_sends_nothing()
    {
        await using var exchange = await TestExchange.StartAsync();
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.Error, Status = 500, Path = "/api/v3/ticker/price" });
        using var factory = TestExchange.Factory(TestExchange.FastOptions(o => (o.BreakerMinimumThroughput, o.ReadRetries) = (4, 1)));
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        var kinds = new List<ExchangeFailureKind>();
        for (var i = 0; i < 4; i++)
        {
            kinds.Add((await Assert.ThrowsAsync<BinanceApiException>(() => client.GetPriceAsync(MarketType.Spot, "BTCUSDT", CancellationToken.None))).Kind);
        }

        var order = new MarketOrder { Market = MarketType.Spot, Symbol = "BTCUSDT", Side = OrderSide.Buy, Quantity = 0.001m, QuantityText = "0.00100", ClientOrderId = "ss-open-1" };
        var outcome = await client.PlaceMarketOrderAsync(order, CancellationToken.None);

        Assert.Contains(ExchangeFailureKind.ServerError, kinds);
        Assert.Equal(ExchangeFailureKind.CircuitOpen, kinds[^1]);
        Assert.Contains("circuit open", Assert.IsType<OrderOutcome.NotPlaced>(outcome).Reason, StringComparison.Ordinal);
        Assert.Empty(exchange.Orders.All());
    }
}
