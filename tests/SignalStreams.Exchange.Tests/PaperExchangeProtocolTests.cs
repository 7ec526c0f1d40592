using System.Globalization;
using System.Net;
using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Binance;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SignalStreams.Hosting;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.Exchange.Tests;

/// <summary>The paper exchange answers malformed or unauthorised requests with Binance's codes, never a crash.</summary>
public sealed class PaperExchangeProtocolTests
{
    [Theory]
    [InlineData("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET", -1102)]                          // no quantity
    [InlineData("/api/v3/order", "symbol=NOPEUSDT&side=BUY&type=MARKET&quantity=1", -1121)]              // unknown symbol
    [InlineData("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=TRAILING_STOP&quantity=1", -1116)]        // not a spot order type
    [InlineData("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&timeInForce=GTC", -1102)] // LIMIT without price
    [InlineData("/api/v3/order", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS&quantity=0.001&stopPrice=69000", -2010)] // would trigger immediately
    [InlineData("/fapi/v1/order", "symbol=BTCUSDT&side=SELL&type=STOP_MARKET&quantity=0.002&stopPrice=67000", -4120)] // conditional types moved to algoOrder
    [InlineData("/fapi/v1/algoOrder", "algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=STOP_MARKET&quantity=0.002&triggerPrice=69000", -2021)]
    [InlineData("/fapi/v1/algoOrder", "algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=STOP_MARKET&closePosition=true&quantity=0.002&triggerPrice=67000", -1106)]
    [InlineData("/fapi/v1/order", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.002&reduceOnly=true", -2022)] // nothing to reduce
    [InlineData("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.000015", -1013)]         // off the 0.00001 step
    [InlineData("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.00005", -1013)]          // 3.4 USDT < NOTIONAL 5
    [InlineData("/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.0015", -1111)]          // futures precision
    [InlineData("/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001", -4164)]           // 68 USDT < 100
    [InlineData("/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.002&newClientOrderId=bad%20id", -1100)]
    [InlineData("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&recvWindow=70000", -1131)]
    public async Task Bad_orders_get_binance_error_codes_and_nothing_is_booked(string path, string query, int code)
    {
        await using var exchange = await TestExchange.StartAsync();

        var (status, body) = await SendSignedAsync(exchange.BaseUrl, HttpMethod.Post, path, query, exchange.Clock.NowMs, TestExchange.ApiKey);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, body.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("msg").GetString()));
        Assert.Empty(exchange.Orders.All());
    }

    [Fact]
    public async Task An_unknown_api_key_is_refused_with_2015()
    {
        await using var exchange = await TestExchange.StartAsync();

        var (status, body) = await SendSignedAsync(exchange.BaseUrl, HttpMethod.Get, "/api/v3/account", "", exchange.Clock.NowMs, "someone-elses-key-123456");

        Assert.Equal((HttpStatusCode.Unauthorized, -2015), (status, body.GetProperty("code").GetInt32()));
    }

    [Fact]
    public async Task Faults_configured_at_start_apply_with_retry_after()
    {
        await using var exchange = await TestExchange.StartAsync(
            ("PaperExchange:Faults:0:Kind", "RateLimit"), ("PaperExchange:Faults:0:Path", "/api/v3/time"),
            ("PaperExchange:Faults:0:RetryAfterSeconds", "3"), ("PaperExchange:Faults:0:Times", "1"));
        using var http = new HttpClient { BaseAddress = exchange.BaseUrl };

        using var first = await http.GetAsync("/api/v3/time");
        using var second = await http.GetAsync("/api/v3/time");

        Assert.Equal((HttpStatusCode)429, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Used_weight_order_count_and_orders_are_on_the_metrics_of_the_client_host_and_of_the_paper_exchange()
    {
        await using var exchange = await TestExchange.StartAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture));
        builder.AddServiceDefaults();
        builder.Services.AddSignalStreamsExchange();
        await using var clientHost = builder.Build();
        clientHost.MapDefaultEndpoints();
        await clientHost.StartAsync();
        var client = clientHost.Services.GetRequiredService<IExchangeClientFactory>().Create(exchange.BaseUrl, TestExchange.Credentials);

        await client.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Spot, Symbol = "ETHUSDT", Side = OrderSide.Buy, Quantity = 0.01m, QuantityText = "0.0100", ClientOrderId = "ss-metrics-1" }, CancellationToken.None);
        using var http = new HttpClient();
        var clientText = await http.GetStringAsync(new Uri(new Uri(clientHost.Urls.Single()), "/metrics"));
        var clientMetrics = PrometheusText.Parse(clientText);
        var exchangeMetrics = PrometheusText.Parse(await http.GetStringAsync(new Uri(exchange.BaseUrl, "/metrics")));

        var host = exchange.BaseUrl.Authority;
        Assert.True(clientMetrics.Sum("signal_streams_exchange_used_weight", ("host", host), ("interval", "1m")) > 0);
        Assert.Equal(1, clientMetrics.Sum("signal_streams_exchange_order_count", ("host", host), ("interval", "10s")));
        Assert.Equal(1, clientMetrics.Sum("signal_streams_exchange_orders_total", ("market", "Spot"), ("outcome", "placed")));
        Assert.True(clientMetrics.Sum("signal_streams_exchange_request_duration_milliseconds_count") >= 1);
        Assert.Equal(1, exchangeMetrics.Sum("signal_streams_paper_exchange_orders_total", ("market", "SPOT"), ("result", "accepted")));
        Assert.DoesNotContain(TestExchange.ApiSecret, clientText, StringComparison.Ordinal);
        Assert.DoesNotContain(TestExchange.ApiKey, clientText, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendSignedAsync(Uri baseUrl, HttpMethod method, string path, string query, long timestamp, string apiKey)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        var signed = (query.Length > 0 ? query + "&" : "") + "timestamp=" + timestamp.ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(method, path + "?" + signed + "&signature=" + BinanceSigner.Sign(TestExchange.ApiSecret, signed));
        request.Headers.Add("X-MBX-APIKEY", apiKey);
        using var response = await http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}
