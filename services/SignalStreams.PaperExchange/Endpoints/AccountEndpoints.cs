using System.Globalization;
using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>SIGNED account endpoints: spot account, futures balances, leverage and leverage brackets.</summary>
internal static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v3/account", (HttpContext c, PaperExchangeState s) => SignedAsync(c, s, (_, account) => Results.Json(new
        {
            makerCommission = 0,
            takerCommission = 0,
            canTrade = true,
            canWithdraw = false,
            canDeposit = false,
            updateTime = s.Clock.NowMs,
            accountType = "SPOT",
            balances = account.SpotBalances().OrderBy(b => b.Key, StringComparer.Ordinal)
                .Select(b => new { asset = b.Key, free = BinanceFormat.Spot(b.Value), locked = BinanceFormat.Spot(0m) }),
            permissions = new[] { "SPOT" },
        })));
        app.MapGet("/fapi/v3/balance", (HttpContext c, PaperExchangeState s) => SignedAsync(c, s, (_, account) => Results.Json(
            account.FuturesBalances().OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => new
            {
                accountAlias = "paper",
                asset = b.Key,
                balance = BinanceFormat.Plain(b.Value),
                crossWalletBalance = BinanceFormat.Plain(b.Value),
                crossUnPnl = "0",
                availableBalance = BinanceFormat.Plain(b.Value),
                maxWithdrawAmount = BinanceFormat.Plain(b.Value),
                marginAvailable = true,
                updateTime = s.Clock.NowMs,
            }))));
        app.MapPost("/fapi/v1/leverage", (HttpContext c, PaperExchangeState s) => SignedAsync(c, s, (p, account) => SetLeverage(s, p, account)));
        app.MapGet("/fapi/v1/leverageBracket", (HttpContext c, PaperExchangeState s) => SignedAsync(c, s, (p, _) => Brackets(s, p)));
    }

    private static async Task<IResult> SignedAsync(HttpContext context, PaperExchangeState state, Func<BinanceParameters, PaperAccount, IResult> handler)
    {
        var parameters = await BinanceParameters.ReadAsync(context);
        var (account, error) = RequestSigning.Verify(context, parameters, state);
        return account is null ? error!.ToResult() : handler(parameters, account);
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
