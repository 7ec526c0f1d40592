using System.Globalization;
using SignalStreams.Contracts;

namespace SignalStreams.Mt5Ingest.Tests;

/// <summary>PositionEvent JSON as an MT5 bridge posts it.</summary>
internal static class PositionEvents
{
    public static PositionEvent Updated(string accountId, string positionId, decimal profit = -4.8m, string symbol = "BTCUSDr", Mt5PositionType type = Mt5PositionType.Buy, string? eventId = null) => new()
    {
        EventId = eventId ?? $"evt-{positionId}-{profit.ToString(CultureInfo.InvariantCulture)}",
        AccountId = accountId,
        PositionId = positionId,
        EventType = PositionEventType.Updated,
        Symbol = symbol,
        Type = type,
        Volume = 0.1m,
        OpenPrice = 68000m,
        CurrentPrice = 68010m,
        Profit = profit,
        Time = new DateTimeOffset(2025, 11, 2, 10, 0, 0, TimeSpan.Zero),
        UpdateTime = new DateTimeOffset(2025, 11, 2, 10, 0, 1, TimeSpan.Zero),
    };

    public static PositionEvent Removed(string accountId, string positionId, decimal profit) =>
        Updated(accountId, positionId, profit) with { EventType = PositionEventType.Removed, EventId = $"evt-{positionId}-removed" };

    public static string Json(PositionEvent e) => System.Text.Encoding.UTF8.GetString(ContractJson.Serialize(e, ContractsJsonContext.Default.PositionEvent));

    public static string Json(IEnumerable<PositionEvent> events) => "[" + string.Join(",", events.Select(Json)) + "]";
}
