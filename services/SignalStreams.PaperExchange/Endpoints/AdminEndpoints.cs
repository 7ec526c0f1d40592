using System.Net;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.PaperExchange.Options;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>
/// <c>/admin/*</c>: accepted orders, fault injection, prices, clock skew, balances. No authentication, so served to
/// loopback callers only unless <c>PaperExchange:AdminAllowRemote</c> is true. Never shows an API key or secret.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
        {
            var allowRemote = context.HttpContext.RequestServices.GetRequiredService<IOptions<PaperExchangeOptions>>().Value.AdminAllowRemote;
            var remote = context.HttpContext.Connection.RemoteIpAddress;
            return allowRemote || remote is null || IPAddress.IsLoopback(remote)
                ? await next(context)
                : Results.Problem(detail: "The admin API answers loopback callers only.", statusCode: StatusCodes.Status403Forbidden);
        });

        admin.MapGet("/orders", (PaperExchangeState s, string? clientOrderId, string? symbol, string? apiKeyHint, string? market) =>
            s.Orders.All().Where(o =>
                (clientOrderId is null || o.ClientOrderId == clientOrderId)
                && (symbol is null || o.Symbol == symbol)
                && (apiKeyHint is null || o.ApiKeyHint == apiKeyHint)
                && (market is null || string.Equals(market, o.Market == MarketType.Spot ? "SPOT" : "FUTURES", StringComparison.OrdinalIgnoreCase))));

        admin.MapGet("/faults", (PaperExchangeState s) => s.Faults.List().Select(Redact));
        admin.MapPost("/faults", (PaperExchangeState s, FaultRule rule) =>
        {
            if (rule.Probability is < 0 or > 1 || !Enum.IsDefined(rule.Kind))
            {
                return Results.Problem(detail: "kind must be Error, Latency, FillThen503, FillThenHang or RateLimit and probability between 0 and 1.", statusCode: 400);
            }

            var added = s.Faults.Add(rule);
            return Results.Created($"/admin/faults/{added.Id}", Redact(added));
        });
        admin.MapDelete("/faults", (PaperExchangeState s) =>
        {
            s.Faults.Clear();
            return Results.NoContent();
        });
        admin.MapDelete("/faults/{id}", (PaperExchangeState s, string id) => s.Faults.Remove(id) ? Results.NoContent() : Results.NotFound());

        admin.MapGet("/prices", (PaperExchangeState s) => s.Prices.All());
        admin.MapPut("/prices/{symbol}", (PaperExchangeState s, string symbol, PriceUpdate update) =>
            s.Prices.Set(symbol, update.Price, update.MarkPrice)
                ? Results.Ok(new { symbol, price = s.Prices.Get(symbol), markPrice = s.Prices.Mark(symbol) })
                : Results.Problem(detail: $"Unknown symbol {symbol} or price not above 0.", statusCode: 400));

        admin.MapGet("/clock", (PaperExchangeState s) => new { serverTime = s.Clock.NowMs, skewMs = s.Clock.SkewMs });
        admin.MapPut("/clock", (PaperExchangeState s, ClockUpdate update) =>
        {
            s.Clock.SkewMs = update.SkewMs;
            return Results.Ok(new { serverTime = s.Clock.NowMs, skewMs = s.Clock.SkewMs });
        });

        admin.MapGet("/accounts", (PaperExchangeState s, string? userId) => s.Accounts.Where(a => userId is null || a.UserId == userId).Select(a => new
        {
            apiKeyHint = a.KeyHint,
            userId = a.UserId,
            spot = a.SpotBalances(),
            spotLocked = a.SpotLocked(),
            futures = a.FuturesBalances(),
            positions = s.Symbols(MarketType.Futures).Select(x => (Symbol: x.Symbol, Position: a.PositionOf(x.Symbol)))
                .Where(x => x.Position.Amount != 0 || x.Position.RealizedPnl != 0)
                .Select(x => new { symbol = x.Symbol, amount = x.Position.Amount, entryPrice = x.Position.EntryPrice, realizedPnl = x.Position.RealizedPnl }),
        }));
        admin.MapGet("/orderLists", (PaperExchangeState s) => s.Orders.Lists());
    }

    private static FaultRule Redact(FaultRule rule) => rule.ApiKey is null ? rule : rule with { ApiKey = ApiCredentials.HintOf(rule.ApiKey) };

    /// <summary>A new last price and, optionally, a separate mark price (else the mark follows the last price).</summary>
    internal sealed record PriceUpdate(decimal Price, decimal? MarkPrice = null);

    internal sealed record ClockUpdate(long SkewMs);
}
