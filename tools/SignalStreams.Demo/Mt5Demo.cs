using System.Globalization;
using System.Net;
using System.Text.Json;
using SignalStreams.Contracts;

namespace SignalStreams.Demo;

/// <summary>
/// Part two through the MT5 webhook: five new positions, each "new position" event posted three times at once (as
/// MT5 streams deliver them), then a profit update for one and a close for another; printed from the API and the
/// fake Telegram: one signal and one message per position.
/// </summary>
internal sealed class Mt5Demo(DemoApi api, string run)
{
    private const string Account = "demo-acc";
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);

    public async Task<bool> RunAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var positions = new[] { ("BTCUSDr", 68000m), ("ETHUSDr", 3500m), ("XAUUSDr", 2650m), ("BTCUSDr", 68100m), ("ETHUSDr", 3490m) }
            .Select((p, i) => Event($"{run}{i + 1:00}", p.Item1, p.Item2, i % 2 == 0 ? Mt5PositionType.Buy : Mt5PositionType.Sell, now))
            .ToList();
        var statuses = await Task.WhenAll(positions.SelectMany(p => Enumerable.Repeat(p, 3)).Select(api.PostMt5EventAsync));
        Console.WriteLine($"Posted {positions.Count} new MT5 positions, each event 3 times concurrently: {statuses.Count(s => s == HttpStatusCode.Accepted)}/{statuses.Length} accepted (202)");
        if (!await UntilAsync(positions, view => Status(view, "mapping") == "completed" && Status(view, "telegram") is "sent" or "unknown"))
        {
            return false;
        }

        await api.PostMt5EventAsync(positions[0] with { EventId = positions[0].EventId + "-u", Profit = 42.5m, CurrentPrice = 68425m, UpdateTime = DateTimeOffset.UtcNow });
        await api.PostMt5EventAsync(positions[1] with { EventId = positions[1].EventId + "-r", EventType = PositionEventType.Removed, Profit = -12.3m, UpdateTime = DateTimeOffset.UtcNow });
        Console.WriteLine($"Posted a profit update for {positions[0].PositionId} and a close for {positions[1].PositionId}");
        var closedSignal = Mt5Keys.SignalIdFor(Account, positions[1].PositionId);
        await UntilAsync([positions[1]], _ => api.GetJsonAsync($"api/signals/{closedSignal}").Result?.GetProperty("status").GetString() == "CLOSED");

        var messages = await api.TelegramMessagesAsync();
        Console.WriteLine();
        Console.WriteLine($"{"position",-16} {"signal",-30} {"signal status",-13} {"mapping",-10} {"telegram",-9} {"message",7} {"edits",5}");
        var ok = true;
        foreach (var position in positions)
        {
            var view = await api.GetJsonAsync($"api/mt5/positions/{Account}/{position.PositionId}");
            var signalId = view?.GetProperty("mapping").GetProperty("signalId").GetString();
            var signal = await api.GetJsonAsync($"api/signals/{signalId}");
            var messageId = view?.GetProperty("telegram") is { ValueKind: JsonValueKind.Object } telegram && telegram.GetProperty("messageId").ValueKind == JsonValueKind.Number
                ? telegram.GetProperty("messageId").GetInt64()
                : (long?)null;
            var edits = EditsOf(messages, messageId);
            ok &= signalId == Mt5Keys.SignalIdFor(Account, position.PositionId) && messageId is not null;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{position.PositionId,-16} {signalId,-30} {signal?.GetProperty("status").GetString(),-13} {Status(view, "mapping"),-10} {Status(view, "telegram"),-9} {messageId?.ToString(CultureInfo.InvariantCulture) ?? "-",7} {edits,5}"));
        }

        var total = CountMessages(messages);
        Console.WriteLine($"\nThe Telegram channel holds {total} messages for {positions.Count} positions posted {statuses.Length} times.");
        return ok && total == positions.Count;
    }

    private static PositionEvent Event(string positionId, string symbol, decimal price, Mt5PositionType type, DateTimeOffset now) => new()
    {
        EventId = $"evt-{positionId}",
        AccountId = Account,
        PositionId = positionId,
        EventType = PositionEventType.Updated,
        Symbol = symbol,
        Type = type,
        Volume = 0.1m,
        OpenPrice = price,
        CurrentPrice = price,
        Profit = 0m,
        Time = now,
        UpdateTime = now,
    };

    private async Task<bool> UntilAsync(IReadOnlyList<PositionEvent> positions, Func<JsonElement?, bool> done)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (true)
        {
            var finished = 0;
            foreach (var position in positions)
            {
                finished += done(await api.GetJsonAsync($"api/mt5/positions/{Account}/{position.PositionId}")) ? 1 : 0;
            }

            Console.Write($"\r  waiting through GET /api/mt5/positions: {finished}/{positions.Count} done   ");
            if (finished == positions.Count)
            {
                Console.WriteLine();
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                Console.WriteLine("\n  timed out");
                return false;
            }

            await Task.Delay(500);
        }
    }

    private static string? Status(JsonElement? view, string part) =>
        view is { } v && v.TryGetProperty(part, out var element) && element.ValueKind == JsonValueKind.Object ? element.GetProperty("status").GetString() : null;

    private static IEnumerable<JsonElement> MessagesOf(JsonElement messages) =>
        messages.ValueKind == JsonValueKind.Array ? messages.EnumerateArray() : messages.GetProperty("messages").EnumerateArray();

    private static int CountMessages(JsonElement messages) => MessagesOf(messages).Count();

    private static int EditsOf(JsonElement messages, long? messageId) =>
        MessagesOf(messages).Where(m => m.GetProperty("messageId").GetInt64() == messageId)
            .Select(m => m.TryGetProperty("edits", out var edits) && edits.ValueKind == JsonValueKind.Array ? edits.GetArrayLength() : 0)
            .FirstOrDefault();
}
