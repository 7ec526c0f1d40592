using System.Globalization;
using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>SIGNED account endpoints: spot account (free and locked), futures leverage and leverage brackets.</summary>
internal static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v3/account", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, account) => SpotAccount(s, p, account)));
        app.MapPost("/fapi/v1/leverage", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, account) => SetLeverage(s, p, account)));
        app.MapGet("/fapi/v1/leverageBracket", (HttpContext c, PaperExchangeState s) => RequestSigning.SignedAsync(c, s, (p, _) => Brackets(s, p)));
    }

    private static IResult SpotAccount(PaperExchangeState state, BinanceParameters p, PaperAccount account)
    {
        var rate = BinanceFormat.Spot(state.Settings.SpotFeePercent / 100m);
        var commission = (int)(state.Settings.SpotFeePercent * 100m);
        lock (account.Sync)
        {
            var free = account.SpotBalances();
            var locked = account.SpotLocked();
            var balances = free.Keys.Union(locked.Keys).Order(StringComparer.Ordinal)
                .Select(asset => (Asset: asset, Free: free.GetValueOrDefault(asset), Locked: locked.GetValueOrDefault(asset)))
                .Where(b => !p.Flag("omitZeroBalances") || b.Free != 0 || b.Locked != 0)
                .Select(b => new { asset = b.Asset, free = BinanceFormat.Spot(b.Free), locked = BinanceFormat.Spot(b.Locked) });
            return Results.Json(new
            {
                makerCommission = commission,
                takerCommission = commission,
                buyerCommission = 0,
                sellerCommission = 0,
                commissionRates = new { maker = rate, taker = rate, buyer = BinanceFormat.Spot(0m), seller = BinanceFormat.Spot(0m) },
                canTrade = true,
                canWithdraw = false,
                canDeposit = false,
                brokered = false,
                requireSelfTradePrevention = false,
                preventSor = false,
                updateTime = state.Clock.NowMs,
                accountType = "SPOT",
                balances = balances.ToList(),
                permissions = new[] { "SPOT" },
                uid = 0,
            });
        }
    }

    private static IResult SetLeverage(PaperExchangeState state, BinanceParameters p, PaperAccount account)
    {
        if (p["symbol"] is null)
        {
            return BinanceError.MissingParameter("symbol").ToResult();
        }

        if (state.Symbol(MarketType.Futures, p["symbol"]) is not { } symbol)
        {
            return BinanceError.InvalidSymbol.ToResult();
        }

        if (!int.TryParse(p["leverage"], NumberStyles.None, CultureInfo.InvariantCulture, out var leverage))
        {
            return BinanceError.MissingParameter("leverage").ToResult();
        }

        if (leverage < 1 || leverage > symbol.MaxLeverage)
        {
            return new BinanceError(400, -4028, $"Leverage {leverage} is not valid").ToResult();
        }

        account.SetLeverage(symbol.Symbol, leverage);
        return Results.Json(new { leverage, maxNotionalValue = BinanceFormat.Plain(50_000_000m / leverage), symbol = symbol.Symbol });
    }

    private static IResult Brackets(PaperExchangeState state, BinanceParameters p)
    {
        var symbols = p["symbol"] is { } wanted
            ? state.Symbol(MarketType.Futures, wanted) is { } one ? [one] : []
            : state.Symbols(MarketType.Futures).ToList();
        if (p["symbol"] is not null && symbols.Count == 0)
        {
            return BinanceError.InvalidSymbol.ToResult();
        }

        return Results.Json(symbols.Select(s => new
        {
            symbol = s.Symbol,
            notionalCoef = 1.0,
            brackets = new[]
            {
                new { bracket = 1, initialLeverage = s.MaxLeverage, notionalCap = 50_000, notionalFloor = 0, maintMarginRatio = 0.004, cum = 0.0 },
            },
        }));
    }
}
