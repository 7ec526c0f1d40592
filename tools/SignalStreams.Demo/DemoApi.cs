using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SignalStreams.Contracts;

namespace SignalStreams.Demo;

/// <summary>The public HTTP endpoints the demo drives, exactly as an operator's script would.</summary>
internal sealed class DemoApi(DemoOptions options) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task PutSettingsAsync(UserSettings settings) =>
        SendAndEnsureAsync(HttpMethod.Put, $"api/users/{settings.UserId}/settings", Json(settings, ContractsJsonContext.Default.UserSettings));

    public Task PutCredentialsAsync(string userId, string apiKey, string apiSecret) =>
        SendAndEnsureAsync(HttpMethod.Put, $"api/users/{userId}/credentials", JsonContent.Create(new Dictionary<string, string> { ["apiKey"] = apiKey, ["apiSecret"] = apiSecret }));

    public Task PublishAsync(SignalDraft draft) =>
        SendAndEnsureAsync(HttpMethod.Post, "api/signals", Json(draft, ContractsJsonContext.Default.SignalDraft));

    /// <summary>A user's manual "execute this signal": 202, or 409 when the user already has a record for it.</summary>
    public async Task<HttpStatusCode> RequestExecutionAsync(string userId, string signalId)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/users/{userId}/executions", JsonContent.Create(new Dictionary<string, string> { ["signalId"] = signalId }));
        return response.StatusCode;
    }

    public async Task<IReadOnlyList<SignalExecution>> ExecutionsAsync(string signalId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/signals/{signalId}/executions", null);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        await EnsureAsync(response);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.EnumerateArray().Select(e => e.Deserialize(ContractsJsonContext.Default.SignalExecution)!).ToList();
    }

    /// <summary>POST /api/signals/{id}/close: the source has exited (an admin token may act as source).</summary>
    public Task CloseSignalAsync(string signalId) =>
        SendAndEnsureAsync(HttpMethod.Post, $"api/signals/{signalId}/close", new StringContent(""));

    /// <summary>The user's positions opened from <paramref name="signalId"/>, read through GET /api/users/{id}/positions.</summary>
    public async Task<IReadOnlyList<Position>> PositionsAsync(string userId, string signalId)
    {
        var page = await GetJsonAsync($"api/users/{userId}/positions?limit=500");
        return page is { } json
            ? json.GetProperty("items").EnumerateArray().Select(p => p.Deserialize(ContractsJsonContext.Default.Position)!).Where(p => p.SignalId == signalId).ToList()
            : [];
    }

    public async Task<JsonElement?> GetJsonAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>POST /api/mt5/events signed as CONTRACT §3 says: t={unix seconds},v1=hex HMAC-SHA256("{t}.{body}").</summary>
    public async Task<HttpStatusCode> PostMt5EventAsync(PositionEvent positionEvent)
    {
        var body = JsonSerializer.Serialize(positionEvent, ContractsJsonContext.Default.PositionEvent);
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Mt5Secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Mt5, "api/mt5/events")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Signature", $"t={t},v1={signature}");
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Orders the paper exchange accepted with this clientOrderId (its loopback admin API).</summary>
    public async Task<int> OrdersAtExchangeAsync(string clientOrderId)
    {
        var orders = await _http.GetFromJsonAsync<JsonElement>(new Uri(options.Paper, $"admin/orders?clientOrderId={Uri.EscapeDataString(clientOrderId)}"));
        return orders.GetArrayLength();
    }

    /// <summary>Moves a price on the paper exchange (its loopback admin API); orders the move reaches fill at once.</summary>
    public async Task SetPriceAsync(string symbol, decimal price)
    {
        using var response = await _http.PutAsJsonAsync(new Uri(options.Paper, $"admin/prices/{symbol}"), new Dictionary<string, decimal> { ["price"] = price });
        await EnsureAsync(response);
    }

    /// <summary>Every message the fake Telegram holds (its loopback admin API).</summary>
    public async Task<JsonElement> TelegramMessagesAsync() => await _http.GetFromJsonAsync<JsonElement>(new Uri(options.Telegram, "admin/messages"));

    public void Dispose() => _http.Dispose();

    private static StringContent Json<T>(T value, JsonTypeInfo<T> typeInfo) => new(JsonSerializer.Serialize(value, typeInfo), Encoding.UTF8, "application/json");

    /// <summary>One API call; a 429 (the API's per-token limit) is retried after its Retry-After, as a polite client does.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        var body = content is null ? null : await content.ReadAsByteArrayAsync();
        var contentType = content?.Headers.ContentType;
        content?.Dispose();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(options.Api, path));
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = contentType;
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminToken);
            var response = await _http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == 10)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    /// <summary>Throws with the answer's problem text unless it is a success; the caller owns (disposes) the response.</summary>
    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task SendAndEnsureAsync(HttpMethod method, string path, HttpContent content)
    {
        using var response = await SendAsync(method, path, content);
        await EnsureAsync(response);
    }
}
