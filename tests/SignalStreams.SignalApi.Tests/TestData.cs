using System.Net.Http.Json;
using System.Text.Json;
using SignalStreams.Contracts;

namespace SignalStreams.SignalApi.Tests;

/// <summary>Records and request bodies the tests seed and send.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset T0 = new(2025, 11, 2, 10, 0, 0, TimeSpan.Zero);

    public static Signal Signal(string signalId, SignalStatus status = SignalStatus.Active, DateTimeOffset? expiresAt = null) => new()
    {
        SignalId = signalId,
        Source = "tests",
        Symbol = "BTCUSDT",
        Market = MarketType.Futures,
        Side = OrderSide.Buy,
        EntryPrice = 68000m,
        Strength = SignalStrength.Strong,
        Leverage = 5,
        Status = status,
        CreatedAt = DateTimeOffset.UtcNow.AddSeconds(-1),
        ExpiresAt = expiresAt ?? DateTimeOffset.UtcNow.AddMinutes(5),
    };

    public static SignalExecution Execution(string signalId, string userId, ExecutionStatus status, DateTimeOffset createdAt, decimal? slippage = null, long? latency = null) => new()
    {
        SignalId = signalId,
        UserId = userId,
        Status = status,
        ClientOrderId = ClientOrderIds.For(signalId, userId),
        ActualEntryPrice = status == ExecutionStatus.Executed ? 68010m : null,
        Quantity = status == ExecutionStatus.Executed ? 0.01m : null,
        OrderId = status == ExecutionStatus.Executed ? "o-" + userId : null,
        FailureReason = status == ExecutionStatus.Failed ? "insufficient_balance" : null,
        FailedAt = status == ExecutionStatus.Failed ? createdAt : null,
        Slippage = slippage,
        Latency = latency,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    /// <summary>A follower's position as the executor writes it: OPEN, or CLOSED with an exit and its PnL (a BUY of 0.01 at 68000).</summary>
    public static Position Position(string signalId, string userId, DateTimeOffset openedAt, decimal? exitPrice = null, PositionCloseReason reason = PositionCloseReason.SourceClosed) => new()
    {
        PositionId = $"{userId}:o-{signalId}",
        UserId = userId,
        SignalId = signalId,
        Symbol = "BTCUSDT",
        Market = MarketType.Futures,
        Side = OrderSide.Buy,
        Quantity = 0.01m,
        EntryPrice = 68000m,
        Leverage = 5,
        OpenedAt = openedAt,
        Status = exitPrice is null ? PositionStatus.Open : PositionStatus.Closed,
        ExitPrice = exitPrice,
        RealizedPnl = exitPrice is { } exit ? (exit - 68000m) * 0.01m : null,
        RealizedPnlPercent = exitPrice is { } e ? Math.Round((e - 68000m) / 68000m * 100m, 4) : null,
        CloseReason = exitPrice is null ? null : reason,
        ClosedAt = exitPrice is null ? null : openedAt.AddMinutes(30),
    };

    public static object Settings(string userId, bool botEnabled = true, bool paperTrading = true) => new
    {
        userId,
        email = userId + "@example.com",
        botEnabled,
        minStrength = "WEAK",
        markets = new[] { "FUTURES" },
        sizing = new { mode = "FIXED_QUOTE", value = 100 },
        leverage = 5,
        paperTrading,
    };

    public static object SignalBody(string signalId) => new
    {
        signalId,
        source = "tests",
        symbol = "BTCUSDT",
        market = "FUTURES",
        side = "BUY",
        entryPrice = 68000,
        strength = "VERY_STRONG",
        leverage = 5,
    };

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The field names of a 400 problem's <c>errors</c>.</summary>
    public static async Task<string[]> ProblemFieldsAsync(this HttpResponseMessage response)
    {
        var problem = await response.JsonAsync();
        return problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
    }
}
