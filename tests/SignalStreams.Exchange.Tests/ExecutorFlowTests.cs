using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using Xunit;

namespace SignalStreams.Exchange.Tests;

/// <summary>The path the executor takes: DI registration, sealed credentials, plan from (signal, settings), place.</summary>
public sealed class ExecutorFlowTests
{
    [Fact]
    public async Task A_signal_is_sized_from_user_settings_and_filled_with_credentials_opened_from_their_sealed_record()
    {
        await using var exchange = await TestExchange.StartAsync(("PaperExchange:Accounts:0:Balances:USDT", "2000"));
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Secrets:MasterKey"] = masterKey,
                ["Exchange:Client:OrderTimeout"] = "00:00:05",
            }).Build())
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILoggerFactory), NullLoggerFactory.Instance)
            .AddSignalStreamsExchange()
            .BuildServiceProvider();
        var vault = services.GetRequiredService<CredentialVault>();
        var sealedCredentials = vault.Encrypt("u-1", TestExchange.Credentials);
        var client = services.GetRequiredService<IExchangeClientFactory>().Create(exchange.BaseUrl, vault.Decrypt(sealedCredentials));
        var signal = new Signal
        {
            SignalId = "sig-1", Source = "test", Symbol = "BTCUSDT", Market = MarketType.Futures, Side = OrderSide.Buy,
            EntryPrice = 67950m, Strength = SignalStrength.Strong, Leverage = 3, Status = SignalStatus.Active,
            CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5),
        };
        var settings = new UserSettings { UserId = "u-1", BotEnabled = true, Sizing = new Sizing { Mode = SizingMode.PercentBalance, Value = 25m } };

        var plan = await client.PlanMarketOrderAsync(signal, settings, ClientOrderIds.For(signal.SignalId, settings.UserId), CancellationToken.None);
        Assert.True(plan.IsAccepted, plan.RefusalReason);
        var outcome = await client.PlaceMarketOrderAsync(plan.Order, CancellationToken.None);

        // 25% of 2000 = 500 USDT margin × signal leverage 3 = 1500 USDT / 68000 = 0.02205 → 0.022 BTC.
        var placed = Assert.IsType<OrderOutcome.Placed>(outcome);
        Assert.Equal((0.022m, 68000m, 3), (placed.ExecutedQuantity, placed.AveragePrice, placed.Leverage));
        Assert.Equal(ClientOrderIds.For("sig-1", "u-1"), Assert.Single(exchange.Orders.All()).ClientOrderId);
    }

    [Fact]
    public void A_missing_master_key_fails_with_a_sentence_naming_the_key()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILoggerFactory), NullLoggerFactory.Instance)
            .AddSignalStreamsExchange()
            .BuildServiceProvider();

        var error = Assert.Throws<CredentialVaultException>(() => services.GetRequiredService<CredentialVault>());

        Assert.StartsWith("Secrets:MasterKey is required", error.Message, StringComparison.Ordinal);
    }
}
