using System.Net;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Binance;
using SignalStreams.Exchange.Credentials;
using Xunit;

namespace SignalStreams.Exchange.Tests;

/// <summary>Every paper user trades on an account of their own, opened on first use from the configured balances.</summary>
public sealed class PaperUserAccountTests
{
    [Fact]
    public async Task Derived_user_accounts_are_isolated_and_start_from_the_configured_user_balances()
    {
        await using var exchange = await TestExchange.StartAsync(("PaperExchange:Accounts:0:UserBalances:USDT", "2000"));
        using var factory = TestExchange.Factory();
        var alice = factory.Create(exchange.BaseUrl, PaperAccountKeys.Derive(TestExchange.Credentials, "alice"));
        var bob = factory.Create(exchange.BaseUrl, PaperAccountKeys.Derive(TestExchange.Credentials, "bob"));

        var order = await alice.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Futures, Symbol = "ETHUSDT", Side = OrderSide.Buy, Quantity = 1m, QuantityText = "1.000", ClientOrderId = "ss-same-id", Leverage = 5 }, CancellationToken.None);
        // The same clientOrderId in another account is another order, not a duplicate.
        var bobsOrder = await bob.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Spot, Symbol = "ETHUSDT", Side = OrderSide.Buy, Quantity = 0.1m, QuantityText = "0.1000", ClientOrderId = "ss-same-id" }, CancellationToken.None);

        Assert.IsType<OrderOutcome.Placed>(order);
        Assert.IsType<OrderOutcome.Placed>(bobsOrder);
        Assert.Equal(2000m - 700m, await alice.GetAvailableQuoteBalanceAsync(MarketType.Futures, "USDT", CancellationToken.None));
        Assert.Equal(2000m, await bob.GetAvailableQuoteBalanceAsync(MarketType.Futures, "USDT", CancellationToken.None));
        Assert.Equal(2000m - 350m, await bob.GetAvailableQuoteBalanceAsync(MarketType.Spot, "USDT", CancellationToken.None));
        Assert.Equal(1m, (await alice.GetPositionAsync("ETHUSDT", CancellationToken.None)).Amount);
        Assert.Equal(0m, (await bob.GetPositionAsync("ETHUSDT", CancellationToken.None)).Amount);
        Assert.Equal(100_000m, await factory.Create(exchange.BaseUrl, TestExchange.Credentials).GetAvailableQuoteBalanceAsync(MarketType.Futures, "USDT", CancellationToken.None));
        Assert.Equal(["alice", "bob"], exchange.State.Accounts.Where(a => a.UserId is not null).Select(a => a.UserId!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_derived_key_signed_with_anything_but_its_derived_secret_is_refused_and_opens_no_account()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var forged = factory.Create(exchange.BaseUrl, new ApiCredentials(TestExchange.ApiKey + ".mallory", TestExchange.ApiSecret));
        var unknownOperator = factory.Create(exchange.BaseUrl, PaperAccountKeys.Derive(new ApiCredentials("no-such-operator-key", "x-secret-123456"), "mallory"));

        var badSignature = await Assert.ThrowsAsync<BinanceApiException>(() => forged.GetAvailableQuoteBalanceAsync(MarketType.Spot, "USDT", CancellationToken.None));
        var unknownKey = await Assert.ThrowsAsync<BinanceApiException>(() => unknownOperator.GetAvailableQuoteBalanceAsync(MarketType.Spot, "USDT", CancellationToken.None));

        Assert.Equal(-1022, badSignature.Code);
        Assert.Equal((-2015, HttpStatusCode.Unauthorized), (unknownKey.Code, unknownKey.HttpStatus));
        Assert.DoesNotContain(exchange.State.Accounts, a => a.UserId is not null);
    }

    [Fact]
    public async Task Percent_balance_sizing_uses_the_users_own_balance()
    {
        await using var exchange = await TestExchange.StartAsync(("PaperExchange:Accounts:0:UserBalances:USDT", "1000"));
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, PaperAccountKeys.Derive(TestExchange.Credentials, "carol"));
        var signal = new Signal
        {
            SignalId = "sig-pct", Source = "test", Symbol = "ETHUSDT", Market = MarketType.Futures, Side = OrderSide.Buy, Leverage = 2,
            EntryPrice = 3500m, Strength = SignalStrength.Strong, Status = SignalStatus.Active,
            CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5),
        };
        var settings = new UserSettings { UserId = "carol", BotEnabled = true, Sizing = new Sizing { Mode = SizingMode.PercentBalance, Value = 35m } };

        var plan = await client.PlanMarketOrderAsync(signal, settings, "ss-pct-1", CancellationToken.None);

        // 35 % of carol's 1000 USDT × leverage 2 = 700 USDT / 3500 = 0.2 ETH (the operator's 100000 USDT play no part).
        Assert.True(plan.IsAccepted, plan.RefusalReason);
        Assert.Equal(0.2m, plan.Order!.Quantity);
    }
}
