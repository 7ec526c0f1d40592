using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Binance;
using SignalStreams.Exchange.Credentials;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.Exchange.Tests;

public sealed class SecretHandlingTests
{
    [Fact]
    public async Task A_request_with_a_wrong_signature_is_refused_with_binance_code_1022()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var http = new HttpClient { BaseAddress = exchange.BaseUrl };
        var query = "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=ss-forged&timestamp="
            + exchange.Clock.NowMs.ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v3/order?" + query + "&signature=" + BinanceSigner.Sign("not-the-secret", query));
        request.Headers.Add("X-MBX-APIKEY", TestExchange.ApiKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(-1022, body.RootElement.GetProperty("code").GetInt32());
        Assert.Equal("Signature for this request is not valid.", body.RootElement.GetProperty("msg").GetString());
        Assert.Empty(exchange.Orders.All());
    }

    [Fact]
    public async Task A_request_signed_correctly_in_the_form_body_is_accepted()
    {
        await using var exchange = await TestExchange.StartAsync();
        using var http = new HttpClient { BaseAddress = exchange.BaseUrl };
        var body = "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.002&newClientOrderId=ss-form&timestamp=" + exchange.Clock.NowMs.ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fapi/v1/order")
        {
            Content = new StringContent(body + "&signature=" + BinanceSigner.Sign(TestExchange.ApiSecret, body), System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-MBX-APIKEY", TestExchange.ApiKey);

        using var response = await http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Single(exchange.Orders.WithClientOrderId("ss-form"));
    }

    [Fact]
    public async Task Client_failures_and_logs_never_contain_the_api_key_secret_or_signature()
    {
        await using var exchange = await TestExchange.StartAsync();
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThen503, Method = "POST", Times = 1 });
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var factory = TestExchange.Factory(loggers: loggers);
        var wrongSecret = new ApiCredentials(TestExchange.ApiKey, "wrong-secret-5d1c9b7a3e");
        var good = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        var bad = factory.Create(exchange.BaseUrl, wrongSecret);

        var error = await Assert.ThrowsAsync<BinanceApiException>(() => bad.GetAvailableQuoteBalanceAsync(MarketType.Spot, "USDT", CancellationToken.None));
        await good.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Spot, Symbol = "BTCUSDT", Side = OrderSide.Buy, Quantity = 0.001m, QuantityText = "0.00100", ClientOrderId = "ss-quiet-1" }, CancellationToken.None);

        Assert.Equal((ExchangeFailureKind.Unauthorized, -1022), (error.Kind, error.Code));
        var texts = logs.Lines.Append(error.ToString()).Append(error.Message).Append(wrongSecret.ToString()).ToList();
        Assert.NotEmpty(logs.Lines);
        foreach (var text in texts)
        {
            Assert.DoesNotContain(TestExchange.ApiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestExchange.ApiSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("signature=", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_admin_order_list_shows_a_key_hint_but_never_the_key_or_secret()
    {
        await using var exchange = await TestExchange.StartAsync();
        exchange.Faults.Add(new FaultRule { Kind = FaultKind.Latency, ApiKey = TestExchange.ApiKey, DelayMs = 1 });
        using var factory = TestExchange.Factory();
        var client = factory.Create(exchange.BaseUrl, TestExchange.Credentials);
        await client.PlaceMarketOrderAsync(new MarketOrder { Market = MarketType.Spot, Symbol = "ETHUSDT", Side = OrderSide.Buy, Quantity = 0.01m, QuantityText = "0.0100", ClientOrderId = "ss-admin-1" }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = exchange.BaseUrl };

        var orders = await http.GetStringAsync("/admin/orders?clientOrderId=ss-admin-1");
        var faults = await http.GetStringAsync("/admin/faults");
        var accounts = await http.GetStringAsync("/admin/accounts");

        using var list = JsonDocument.Parse(orders);
        var order = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal("ETHUSDT", order.GetProperty("symbol").GetString());
        Assert.Equal("BUY", order.GetProperty("side").GetString());
        Assert.Equal(0.01m, order.GetProperty("quantity").GetDecimal());
        Assert.Equal(3500m, order.GetProperty("averagePrice").GetDecimal());
        Assert.Equal(TestExchange.Credentials.KeyHint, order.GetProperty("apiKeyHint").GetString());
        foreach (var text in new[] { orders, faults, accounts })
        {
            Assert.DoesNotContain(TestExchange.ApiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestExchange.ApiSecret, text, StringComparison.Ordinal);
        }
    }
}
