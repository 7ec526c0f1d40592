using System.Diagnostics;
using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using Xunit;

namespace SignalStreams.Exchange.Tests;

/// <summary>
/// The independent client exercise: ccxt's binance client (npm, pinned in Ccxt/package.json, installed by
/// <c>scripts/setup.sh --for-tests</c>), unmodified but for its URLs, runs spot and futures calls against the paper
/// exchange with the machine's Node.js; the test checks what happened at the exchange, not only that calls returned.
/// </summary>
public sealed class CcxtExerciseTests
{
    private const string UserId = "ccxt-user";

    [Fact]
    public async Task Ccxt_trades_spot_and_futures_with_stops_and_take_profits_and_sees_them_execute()
    {
        await using var exchange = await TestExchange.StartAsync();
        var credentials = PaperAccountKeys.Derive(TestExchange.Credentials, UserId);

        var opened = await RunCcxtAsync(exchange.BaseUrl, credentials, "open", "{}");

        Assert.Equal(3500m, opened.GetProperty("spotTicker").GetProperty("last").GetDecimal());
        Assert.Equal(68000m, opened.GetProperty("futuresTicker").GetProperty("last").GetDecimal());
        Assert.Equal(100_000m, opened.GetProperty("spotUsdtBefore").GetDecimal());
        var account = exchange.State.UserAccount(TestExchange.ApiKey, UserId)!;
        var orders = exchange.Orders.All().Where(o => o.ApiKeyHint == account.KeyHint).ToList();
        Assert.Equal(("MARKET", "FILLED", 0.5m, 3500m), Single(orders, MarketType.Spot, "MARKET", o => (o.Type, o.Status, o.ExecutedQuantity, o.AveragePrice)));
        Assert.Equal(("NEW", 3300m), Single(orders, MarketType.Spot, "STOP_LOSS", o => (o.Status, o.StopPrice)));
        Assert.Equal(("CANCELED", 3700m), Single(orders, MarketType.Spot, "TAKE_PROFIT", o => (o.Status, o.StopPrice)));
        Assert.Equal(2, orders.Count(o => o.OrderListId >= 0 && o.IsOpen));
        Assert.Equal((0.2m, 0.3m), (account.SpotBalances()["ETH"], account.SpotLocked()["ETH"]));
        Assert.Equal((0.2m, 0.3m), (Decimal(opened, "spotBalance", "ETH", "free"), Decimal(opened, "spotBalance", "ETH", "used")));
        Assert.Equal((5, "FILLED", 68000m), Single(orders, MarketType.Futures, "MARKET", o => (o.Leverage ?? 0, o.Status, o.AveragePrice)));
        var stop = Assert.Single(orders, o => o is { IsAlgo: true, Type: "STOP_MARKET" });
        Assert.Equal(("NEW", 67000m, true), (stop.Status, stop.StopPrice, stop.ReduceOnly));
        Assert.Equal("CANCELED", Assert.Single(orders, o => o is { IsAlgo: true, Type: "TAKE_PROFIT_MARKET" }).Status);
        Assert.Equal(2, opened.GetProperty("futuresOpenTriggers").GetArrayLength());
        var position = Assert.Single(opened.GetProperty("positions").EnumerateArray());
        Assert.Equal((0.01m, "long", 68000m), (position.GetProperty("contracts").GetDecimal(), position.GetProperty("side").GetString(), position.GetProperty("entryPrice").GetDecimal()));
        // 0.01 × 68000 / 5 = 136 USDT initial margin, as ccxt reads it from /fapi/v3/account.
        Assert.Equal((99_864m, 136m), (Decimal(opened, "futuresBalance", "free"), Decimal(opened, "futuresBalance", "used")));

        exchange.Prices.Set("ETHUSDT", 3150m);
        exchange.Prices.Set("BTCUSDT", 66900m);
        var ids = JsonSerializer.Serialize(new { spotStop = opened.GetProperty("spotStop").GetProperty("id").GetString() });
        var after = await RunCcxtAsync(exchange.BaseUrl, credentials, "after", ids);

        Assert.Equal(("closed", 0.2m, 3150m), (after.GetProperty("spotStopAfter").GetProperty("status").GetString(), Decimal(after, "spotStopAfter", "filled"), Decimal(after, "spotStopAfter", "average")));
        Assert.Equal(3, after.GetProperty("spotTrades").GetArrayLength());
        Assert.Equal(0, after.GetProperty("positionsAfter").GetArrayLength());
        Assert.Equal(0, after.GetProperty("futuresOpenTriggersAfter").GetInt32());
        Assert.Equal("-11", after.GetProperty("futuresTrades")[1].GetProperty("realizedPnl").GetString());
        // Spot: 0.5 ETH bought at 3500, 0.2 stopped out and 0.1 sold by the OCO's stop at 3150; its take-profit expired.
        Assert.Equal((0.2m, 0m, 100_000m - 1750m + 945m), (account.SpotBalances()["ETH"], account.SpotLocked()["ETH"], account.SpotBalances()["USDT"]));
        Assert.Equal("EXPIRED", Assert.Single(exchange.Orders.All(), o => o.ApiKeyHint == account.KeyHint && o.Type == "LIMIT_MAKER").Status);
        // Futures: (66900 − 68000) × 0.01 = −11 realised; the wallet says the same.
        Assert.Equal((0m, -11m), (account.PositionOf("BTCUSDT").Amount, account.PositionOf("BTCUSDT").RealizedPnl));
        Assert.Equal(99_989m, Decimal(after, "futuresBalanceAfter", "total"));
    }

    private static T Single<T>(IEnumerable<PaperExchange.State.PaperOrder> orders, MarketType market, string type, Func<PaperExchange.State.PaperOrder, T> select) =>
        select(Assert.Single(orders, o => o.Market == market && o.Type == type && !o.IsAlgo && o.OrderListId < 0 && o.ParentAlgoId is null));

    private static decimal Decimal(JsonElement root, params string[] path) => path.Aggregate(root, (e, name) => e.GetProperty(name)).GetDecimal();

    private static async Task<JsonElement> RunCcxtAsync(Uri baseUrl, Credentials.ApiCredentials credentials, string phase, string ids)
    {
        var folder = CcxtFolder();
        var start = new ProcessStartInfo("node", ["exercise.mjs", phase])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["PAPER_URL"] = baseUrl.ToString(),
                ["PAPER_API_KEY"] = credentials.ApiKey,
                ["PAPER_API_SECRET"] = credentials.ApiSecret,
                ["CCXT_IDS"] = ids,
            },
        };
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"ccxt {phase} failed: {await stderr}");
        using var document = JsonDocument.Parse(await stdout);
        return document.RootElement.Clone();
    }

    private static string CcxtFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "signal-streams.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? ".", "tests", "SignalStreams.Exchange.Tests", "Ccxt");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "ccxt")), $"ccxt is not installed in {folder}: run scripts/setup.sh --for-tests (npm ci there).");
        return folder;
    }
}
