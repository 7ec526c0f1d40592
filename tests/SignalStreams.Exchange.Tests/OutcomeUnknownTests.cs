using SignalStreams.Contracts;
using SignalStreams.PaperExchange.Faults;
using Xunit;

namespace SignalStreams.Exchange.Tests;

/// <summary>When the answer to an order is lost, the client looks it up instead of sending it again.</summary>
public sealed class OutcomeUnknownTests
{
    [Theory]
    [InlineData(MarketType.Spot)]
    [InlineData(MarketType.Futures)]
    public async Task Fill_then_503_is_reported_placed_after_lookup_and_the_exchange_holds_one_order(MarketType market)
    {
        await using var exchange = await TestExchange.StartAsync();
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThen503, Method = "POST", Path = market == MarketType.Spot ? "/api/v3/order" : "/fapi/v1/order", Times = 1 });
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        var outcome = await client.PlaceMarketOrderAsync(Order(market, "ss-503-" + market), CancellationToken.None);

        var placed = outcome as OrderOutcome.Placed ?? throw new Xunit.Sdk.XunitException($"Expected the order found placed, got {outcome}");
        Assert.True(placed.FoundByLookup);
        Assert.Equal(0.002m, placed.ExecutedQuantity);
        Assert.Equal(68000m, placed.AveragePrice);
        Assert.Single(exchange.Orders.WithClientOrderId("ss-503-" + market));
        Assert.Empty(exchange.Faults.List());
    }

    [Fact]
    public async Task Fill_then_hang_past_the_client_timeout_is_reported_placed_after_lookup_and_the_exchange_holds_one_order()
    {
        await using var exchange = await TestExchange.StartAsync();
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThenHang, Method = "POST", Path = "/fapi/v1/order", DelayMs = 60_000, Times = 1 });
        using var factory = TestExchange.Factory(TestExchange.FastOptions(o => o.OrderTimeout = TimeSpan.FromSeconds(1)));
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        var outcome = await client.PlaceMarketOrderAsync(Order(MarketType.Futures, "ss-hang-1"), CancellationToken.None);

        var placed = Assert.IsType<OrderOutcome.Placed>(outcome);
        Assert.True(placed.FoundByLookup);
        Assert.Equal("FILLED", placed.Status);
        Assert.Equal(5, placed.Leverage);
        Assert.Single(exchange.Orders.WithClientOrderId("ss-hang-1"));
    }

    [Fact]
    public async Task Lookup_retries_while_the_exchange_does_not_show_the_order_yet()
    {
        // Orders become visible to GET order 400 ms after acceptance; the client's first lookups miss it.
        await using var exchange = await TestExchange.StartAsync(("PaperExchange:LookupVisibilityDelayMs", "400"));
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThen503, Method = "POST", Times = 1 });
        using var factory = TestExchange.Factory(TestExchange.FastOptions(o => (o.LookupAttempts, o.LookupDelay) = (8, TimeSpan.FromMilliseconds(60))));
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        var outcome = await client.PlaceMarketOrderAsync(Order(MarketType.Spot, "ss-late-1"), CancellationToken.None);

        var placed = outcome as OrderOutcome.Placed ?? throw new Xunit.Sdk.XunitException($"Expected the order found placed, got {outcome}");
        Assert.True(placed.FoundByLookup);
        Assert.Single(exchange.Orders.WithClientOrderId("ss-late-1"));
    }

    [Fact]
    public async Task A_503_without_a_fill_is_reported_not_placed_after_the_lookups_find_nothing()
    {
        await using var exchange = await TestExchange.StartAsync();
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.Error, Status = 503, Method = "POST", Times = 1 });
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        var outcome = await client.PlaceMarketOrderAsync(Order(MarketType.Spot, "ss-lost-1"), CancellationToken.None);

        var notPlaced = Assert.IsType<OrderOutcome.NotPlaced>(outcome);
        Assert.Equal(-2013, notPlaced.Code);
        Assert.Contains("after 5 lookups", notPlaced.Reason, StringComparison.Ordinal);
        Assert.Empty(exchange.Orders.All());
    }

    [Fact]
    public async Task When_lookups_fail_too_the_outcome_stays_unknown()
    {
        await using var exchange = await TestExchange.StartAsync();
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThen503, Method = "POST", Times = 1 });
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.Error, Status = 503, Method = "GET", Path = "/api/v3/order" });
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);

        var outcome = await client.PlaceMarketOrderAsync(Order(MarketType.Spot, "ss-dark-1"), CancellationToken.None);

        Assert.IsType<OrderOutcome.Unknown>(outcome);
        Assert.Single(exchange.Orders.WithClientOrderId("ss-dark-1"));
    }

    [Fact]
    public async Task A_duplicate_answer_for_an_open_order_resolves_to_that_order_without_a_second_one()
    {
        // Fills take 3 s, so the first order is still open (NEW) when the same clientOrderId arrives again.
        await using var exchange = await TestExchange.StartAsync(("PaperExchange:FillLatencyMs", "3000"));
        using var factory = TestExchange.Factory(TestExchange.FastOptions(o => o.OrderTimeout = TimeSpan.FromSeconds(10)));
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        var first = client.PlaceMarketOrderAsync(Order(MarketType.Futures, "ss-dup-1"), CancellationToken.None);
        await SignalStreams.Testing.Eventually.UntilAsync(() => exchange.Orders.Count == 1, "the first order is accepted", TimeSpan.FromSeconds(10));

        var second = await client.PlaceMarketOrderAsync(Order(MarketType.Futures, "ss-dup-1"), CancellationToken.None);

        var resolved = Assert.IsType<OrderOutcome.Placed>(second);
        Assert.True(resolved.FoundByLookup);
        Assert.IsType<OrderOutcome.Placed>(await first);
        Assert.Equal(resolved.OrderId, ((OrderOutcome.Placed)await first).OrderId);
        Assert.Single(exchange.Orders.WithClientOrderId("ss-dup-1"));
    }

    private static MarketOrder Order(MarketType market, string clientOrderId) => new()
    {
        Market = market,
        Symbol = "BTCUSDT",
        Side = OrderSide.Buy,
        Quantity = 0.002m,
        QuantityText = "0.002",
        ClientOrderId = clientOrderId,
        Leverage = market == MarketType.Futures ? 5 : null,
    };
}
