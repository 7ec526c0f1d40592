using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>
/// SIGNED USDⓈ-M account reads: positionRisk (v2, v3), account (v2, v3) and balance (v2, v3). One-way mode, cross
/// margin: unrealised PnL at the mark price, initial margin = |amount| × mark / leverage,
/// available = wallet + unrealised − initial margin.
/// </summary>
internal static class FuturesAccountEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/fapi/v3/positionRisk", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Positions(s, p, a, v3: true)));
        app.MapGet("/fapi/v2/positionRisk", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, a) => Positions(s, p, a, v3: false)));
        app.MapGet("/fapi/v3/account", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (_, a) => Account(s, a, v3: true)));
        app.MapGet("/fapi/v2/account", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (_, a) => Account(s, a, v3: false)));
        app.MapGet("/fapi/v3/balance", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (_, a) => Balances(s, a)));
        app.MapGet("/fapi/v2/balance", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (_, a) => Balances(s, a)));
    }

    private static IResult Positions(PaperExchangeState state, BinanceParameters p, PaperAccount account, bool v3)
    {
        if (p["symbol"] is { } wanted && state.Symbol(MarketType.Futures, wanted) is null)
        {
            return BinanceError.InvalidSymbol.ToResult();
        }

        lock (account.Sync)
        {
            // v3 lists only symbols with a position or open orders; v2 lists every symbol.
            var symbols = state.Symbols(MarketType.Futures).Where(s => p["symbol"] is null || s.Symbol == p["symbol"]).ToList();
            var rows = symbols.Select(s => (Symbol: s, Position: account.Positions.FirstOrDefault(x => x.Symbol == s.Symbol)))
                .Where(r => !v3 || r.Position is { Amount: not 0 })
                .Select(r => Row(state, account, r.Symbol, r.Position, v3));
            return Results.Json(rows.ToList());
        }
    }

    private static Dictionary<string, object?> Row(PaperExchangeState state, PaperAccount account, PaperSymbol symbol, PaperPosition? position, bool v3)
    {
        var amount = position?.Amount ?? 0m;
        var entry = position?.EntryPrice ?? 0m;
        var mark = state.Prices.Mark(symbol.Symbol) ?? 0m;
        var leverage = account.LeverageOf(symbol.Symbol);
        var margin = Math.Abs(amount) * mark / leverage;
        var json = new Dictionary<string, object?>
        {
            ["symbol"] = symbol.Symbol,
            ["positionSide"] = "BOTH",
            ["positionAmt"] = BinanceFormat.Plain(amount),
            ["entryPrice"] = BinanceFormat.Plain(entry),
            ["breakEvenPrice"] = BinanceFormat.Plain(entry),
            ["markPrice"] = BinanceFormat.Plain(mark),
            ["unRealizedProfit"] = BinanceFormat.Plain(position?.UnrealizedPnl(mark) ?? 0m),
            ["liquidationPrice"] = "0",
            ["isolatedMargin"] = "0",
            ["notional"] = BinanceFormat.Plain(amount * mark),
            ["isolatedWallet"] = "0",
            ["updateTime"] = position?.UpdateTime ?? 0,
        };
        if (v3)
        {
            json["marginAsset"] = symbol.QuoteAsset;
            json["initialMargin"] = BinanceFormat.Plain(margin);
            json["maintMargin"] = BinanceFormat.Plain(Math.Abs(amount) * mark * 0.004m);
            json["positionInitialMargin"] = BinanceFormat.Plain(margin);
            json["openOrderInitialMargin"] = "0";
            json["adl"] = 0;
            json["bidNotional"] = "0";
            json["askNotional"] = "0";
        }
        else
        {
            json["marginType"] = "cross";
            json["isAutoAddMargin"] = "false";
            json["leverage"] = BinanceFormat.Plain(leverage);
            json["maxNotionalValue"] = BinanceFormat.Plain(50_000_000m / leverage);
        }

        return json;
    }

    private static IResult Account(PaperExchangeState state, PaperAccount account, bool v3)
    {
        lock (account.Sync)
        {
            var now = state.Clock.NowMs;
            var assets = account.FuturesBalances().OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => Asset(state, account, b.Key, b.Value, now)).ToList();
            var positions = account.Positions.Where(x => x.Amount != 0).Select(x =>
            {
                var mark = state.Prices.Mark(x.Symbol) ?? 0m;
                var margin = Math.Abs(x.Amount) * mark / account.LeverageOf(x.Symbol);
                var row = new Dictionary<string, object?>
                {
                    ["symbol"] = x.Symbol,
                    ["positionSide"] = "BOTH",
                    ["positionAmt"] = BinanceFormat.Plain(x.Amount),
                    ["unrealizedProfit"] = BinanceFormat.Plain(x.UnrealizedPnl(mark)),
                    ["isolatedMargin"] = "0",
                    ["notional"] = BinanceFormat.Plain(x.Amount * mark),
                    ["isolatedWallet"] = "0",
                    ["initialMargin"] = BinanceFormat.Plain(margin),
                    ["maintMargin"] = BinanceFormat.Plain(Math.Abs(x.Amount) * mark * 0.004m),
                    ["updateTime"] = x.UpdateTime,
                };
                if (!v3)
                {
                    row["leverage"] = BinanceFormat.Plain(account.LeverageOf(x.Symbol));
                    row["isolated"] = false;
                    row["entryPrice"] = BinanceFormat.Plain(x.EntryPrice);
                    row["positionInitialMargin"] = BinanceFormat.Plain(margin);
                    row["openOrderInitialMargin"] = "0";
                }

                return row;
            }).ToList();
            string Sum(string key) => BinanceFormat.Plain(assets.Sum(a => decimal.Parse((string)a[key]!, System.Globalization.CultureInfo.InvariantCulture)));
            var json = new Dictionary<string, object?>
            {
                ["totalInitialMargin"] = Sum("initialMargin"),
                ["totalMaintMargin"] = Sum("maintMargin"),
                ["totalWalletBalance"] = Sum("walletBalance"),
                ["totalUnrealizedProfit"] = Sum("unrealizedProfit"),
                ["totalMarginBalance"] = Sum("marginBalance"),
                ["totalPositionInitialMargin"] = Sum("positionInitialMargin"),
                ["totalOpenOrderInitialMargin"] = "0",
                ["totalCrossWalletBalance"] = Sum("crossWalletBalance"),
                ["totalCrossUnPnl"] = Sum("crossUnPnl"),
                ["availableBalance"] = Sum("availableBalance"),
                ["maxWithdrawAmount"] = Sum("maxWithdrawAmount"),
                ["assets"] = assets,
                ["positions"] = positions,
            };
            if (!v3)
            {
                json = new Dictionary<string, object?> { ["feeTier"] = 0, ["canTrade"] = true, ["canDeposit"] = true, ["canWithdraw"] = false, ["updateTime"] = now, ["multiAssetsMargin"] = false }
                    .Concat(json).ToDictionary(x => x.Key, x => x.Value);
            }

            return Results.Json(json);
        }
    }

    private static Dictionary<string, object?> Asset(PaperExchangeState state, PaperAccount account, string asset, decimal wallet, long now)
    {
        var positions = account.Positions.Where(x => x.Amount != 0 && state.Symbol(MarketType.Futures, x.Symbol)?.QuoteAsset == asset).ToList();
        var unrealized = positions.Sum(x => x.UnrealizedPnl(state.Prices.Mark(x.Symbol) ?? 0m));
        var margin = positions.Sum(x => Math.Abs(x.Amount) * (state.Prices.Mark(x.Symbol) ?? 0m) / account.LeverageOf(x.Symbol));
        var available = state.Fills.AvailableFutures(account, asset);
        return new Dictionary<string, object?>
        {
            ["asset"] = asset,
            ["walletBalance"] = BinanceFormat.Plain(wallet),
            ["unrealizedProfit"] = BinanceFormat.Plain(unrealized),
            ["marginBalance"] = BinanceFormat.Plain(wallet + unrealized),
            ["maintMargin"] = BinanceFormat.Plain(positions.Sum(x => Math.Abs(x.Amount) * (state.Prices.Mark(x.Symbol) ?? 0m) * 0.004m)),
            ["initialMargin"] = BinanceFormat.Plain(margin),
            ["positionInitialMargin"] = BinanceFormat.Plain(margin),
            ["openOrderInitialMargin"] = "0",
            ["crossWalletBalance"] = BinanceFormat.Plain(wallet),
            ["crossUnPnl"] = BinanceFormat.Plain(unrealized),
            ["availableBalance"] = BinanceFormat.Plain(available),
            ["maxWithdrawAmount"] = BinanceFormat.Plain(Math.Max(0m, available)),
            ["marginAvailable"] = true,
            ["updateTime"] = now,
        };
    }

    private static IResult Balances(PaperExchangeState state, PaperAccount account)
    {
        lock (account.Sync)
        {
            var now = state.Clock.NowMs;
            return Results.Json(account.FuturesBalances().OrderBy(b => b.Key, StringComparer.Ordinal).Select(b =>
            {
                var asset = Asset(state, account, b.Key, b.Value, now);
                return new
                {
                    accountAlias = "paper",
                    asset = b.Key,
                    balance = BinanceFormat.Plain(b.Value),
                    crossWalletBalance = BinanceFormat.Plain(b.Value),
                    crossUnPnl = asset["crossUnPnl"],
                    availableBalance = asset["availableBalance"],
                    maxWithdrawAmount = asset["maxWithdrawAmount"],
                    marginAvailable = true,
                    updateTime = now,
                };
            }).ToList());
        }
    }
}
