using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SignalStreams.Testing;

namespace SignalStreams.SignalApi.Tests;

/// <summary>Sends requests the way TradingView does: one POST, no header but Content-Type, the alert message as body.</summary>
internal static class TradingViewAlerts
{
    public const string Secret = "tv-secret-8d1c4e7a2b9f06e3";
    public const string Source = "alpha";

    /// <summary>The API's settings for source <see cref="Source"/>, with a generous limit unless told otherwise.</summary>
    public static Dictionary<string, string?> Settings(int permitsPerMinute = 100_000, int burst = 100_000) => new()
    {
        [$"Webhooks:TradingView:Sources:{Source}:Secret"] = Secret,
        [$"Webhooks:TradingView:Sources:{Source}:Strength"] = "STRONG",
        [$"Webhooks:TradingView:Sources:{Source}:PermitsPerMinute"] = permitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"Webhooks:TradingView:Sources:{Source}:Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Webhooks:TradingView:SymbolMap:XBTUSD.P:Symbol"] = "BTCUSDT",
        ["Webhooks:TradingView:SymbolMap:XBTUSD.P:Market"] = "FUTURES",
    };

    /// <summary>The README's template as TradingView fills it for a long on the BTCUSDT perpetual.</summary>
    public static string Message(string id, string secret = Secret, string ticker = "BTCUSDT.P", string side = "buy", string action = "open") => $$"""
        {
          "secret": "{{secret}}",
          "id": "{{id}}",
          "action": "{{action}}",
          "ticker": "{{ticker}}",
          "side": "{{side}}",
          "price": 68000.5,
          "stopLoss": "67000",
          "takeProfit": 70000,
          "leverage": 5
        }
        """;

    /// <summary>POSTs <paramref name="body"/> with nothing but its Content-Type, as TradingView would.</summary>
    public static async Task<(int Status, string Body, string Headers)> SendAsync(ApiHarness api, string body, string contentType = "application/json", string source = Source)
    {
        using var http = new HttpClient { BaseAddress = api.Host.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.PostAsync($"/api/webhooks/tradingview/{source}", content);
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), headers);
    }

    public static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement.Clone();

    /// <summary>Every record on <c>signals</c> under <paramref name="signalId"/>.</summary>
    public static IReadOnlyList<TopicRecord> SignalRecords(ApiHarness api, string signalId) =>
        TopicReader.ReadAll(api.Kafka.BootstrapServers, api.Topics.Signals).Where(r => r.Key == signalId).ToList();
}
