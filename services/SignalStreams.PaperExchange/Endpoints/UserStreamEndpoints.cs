using System.Net.WebSockets;
using System.Text;
using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;
using SignalStreams.PaperExchange.Streams;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>
/// User data streams. Futures: listen key (<c>POST/PUT/DELETE /fapi/v1/listenKey</c>, key header only) and the
/// WebSocket at <c>/ws/{listenKey}</c> or <c>/private/ws?listenKey=</c> with raw ORDER_TRADE_UPDATE, ACCOUNT_UPDATE and
/// ALGO_UPDATE events. Spot: the listen key was retired on 2026-02-20, so spot events come over the WebSocket API at
/// <c>/ws-api/v3</c> after <c>userDataStream.subscribe.signature</c>, as <c>{ "subscriptionId", "event" }</c>.
/// </summary>
internal static class UserStreamEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/fapi/v1/listenKey", (HttpContext c, PaperExchangeState s) => WithKey(c, s, a => Results.Json(new { listenKey = s.Streams.StartListenKey(a.ApiKey) })));
        app.MapPut("/fapi/v1/listenKey", (HttpContext c, PaperExchangeState s) => WithKey(c, s, a =>
            s.Streams.KeepAlive(a.ApiKey) is { } key ? Results.Json(new { listenKey = key }) : BinanceError.ListenKeyUnknown.ToResult()));
        app.MapDelete("/fapi/v1/listenKey", (HttpContext c, PaperExchangeState s) => WithKey(c, s, a =>
        {
            s.Streams.Close(a.ApiKey);
            return Results.Json(new { });
        }));
        app.Map("/ws/{listenKey}", (HttpContext c, PaperExchangeState s, string listenKey) => FuturesStreamAsync(c, s, listenKey));
        app.Map("/private/ws", (HttpContext c, PaperExchangeState s) => FuturesStreamAsync(c, s, c.Request.Query["listenKey"].ToString()));
        app.Map("/ws-api/v3", async (HttpContext c, PaperExchangeState s) =>
        {
            if (!c.WebSockets.IsWebSocketRequest)
            {
                return Results.BadRequest();
            }

            using var socket = await c.WebSockets.AcceptWebSocketAsync();
            await new SpotWebSocketApiSession(socket, s).RunAsync(c.RequestAborted);
            return Results.Empty;
        });
    }

    private static async Task<IResult> WithKey(HttpContext context, PaperExchangeState state, Func<PaperAccount, IResult> handler)
    {
        await BinanceParameters.ReadAsync(context);
        var (account, error) = RequestSigning.KeyOnly(context, state);
        return account is null ? error!.ToResult() : handler(account);
    }

    private static async Task<IResult> FuturesStreamAsync(HttpContext context, PaperExchangeState state, string listenKey)
    {
        if (state.Streams.AccountOf(listenKey) is not { } apiKey)
        {
            return BinanceError.ListenKeyUnknown.ToResult();
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Results.BadRequest();
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var subscription = state.Streams.Subscribe(apiKey, MarketType.Futures, viaListenKey: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var reading = DrainAsync(socket, stop);
        try
        {
            await foreach (var text in subscription.Reader.ReadAllAsync(stop.Token))
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, stop.Token);
            }

            // The listen key was deleted: Binance ends the stream.
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "listenKey closed", CancellationToken.None);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away.
        }

        await stop.CancelAsync();
        await reading;
        return Results.Empty;
    }

    /// <summary>Reads (and ignores) what the client sends until it closes, then cancels the sender.</summary>
    internal static async Task DrainAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[4096];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }

        await stop.CancelAsync();
    }
}
