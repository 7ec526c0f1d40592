using System.Text.Json;
using SignalStreams.Contracts;
using Xunit;

namespace SignalStreams.Exchange.Tests;

/// <summary>The 24h tickers: the price feed's day range and the paper exchange's own trades.</summary>
public sealed class TickerTests
{
    [Fact]
    public async Task Day_ticker_reports_open_high_low_last_and_the_volume_traded_here()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        exchange.Prices.Set("SOLUSDT", 160m);
        await client.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Futures, Symbol = "SOLUSDT", Side = OrderSide.Buy, Quantity = 2m, QuantityText = "2", ClientOrderId = "ss-vol-1" }, CancellationToken.None);
        exchange.Prices.Set("SOLUSDT", 140m);
        exchange.Prices.Set("SOLUSDT", 151.5m);
        using var http = new HttpClient { BaseAddress = exchange.BaseUrl };

        using var futures = JsonDocument.Parse(await http.GetStringAsync("/fapi/v1/ticker/24hr?symbol=SOLUSDT"));
        using var spot = JsonDocument.Parse(await http.GetStringAsync("/api/v3/ticker/24hr?symbol=SOLUSDT"));
        using var all = JsonDocument.Parse(await http.GetStringAsync("/api/v3/ticker/24hr"));

        var f = futures.RootElement;
        Assert.Equal(("150", "160", "140", "151.5", "1.5", "1"), (f.GetProperty("openPrice").GetString(), f.GetProperty("highPrice").GetString(), f.GetProperty("lowPrice").GetString(),
            f.GetProperty("lastPrice").GetString(), f.GetProperty("priceChange").GetString(), f.GetProperty("priceChangePercent").GetString()![..1]));
        Assert.Equal(("2", "320", 1L), (f.GetProperty("volume").GetString(), f.GetProperty("quoteVolume").GetString(), f.GetProperty("count").GetInt64()));
        Assert.Equal(("151.50000000", "0.00000000", 0L), (spot.RootElement.GetProperty("lastPrice").GetString(), spot.RootElement.GetProperty("volume").GetString(), spot.RootElement.GetProperty("count").GetInt64()));
        Assert.Equal(exchange.State.Symbols(MarketType.Spot).Count(), all.RootElement.GetArrayLength());
    }
}
