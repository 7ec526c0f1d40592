using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Binance;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Streams;

/// <summary>
/// One connection to the spot WebSocket API (<c>/ws-api/v3</c>), serving what user data needs:
/// <c>userDataStream.subscribe.signature</c> (HMAC over the alphabetically sorted params), <c>userDataStream.unsubscribe</c>,
/// <c>session.subscriptions</c>, <c>ping</c> and <c>time</c>. Events arrive as <c>{ "subscriptionId": n, "event": {...} }</c>.
/// </summary>
internal sealed class SpotWebSocketApiSession(WebSocket socket, PaperExchangeState state)
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Dictionary<int, (UserStreams.Subscription Subscription, Task Pump)> _subscriptions = [];
    private int _nextSubscriptionId;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer, cancellationToken);
                    message.Write(buffer, 0, received.Count);
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                await HandleAsync(Encoding.UTF8.GetString(message.ToArray()), cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            foreach (var (subscription, _) in _subscriptions.Values)
            {
                subscription.Dispose();
            }
        }
    }

    private async Task HandleAsync(string text, CancellationToken cancellationToken)
    {
        JsonNode? id = null;
        try
        {
            var request = JsonNode.Parse(text)!.AsObject();
            id = request["id"]?.DeepClone();
            var parameters = request["params"] as JsonObject ?? [];
            var reply = request["method"]?.GetValue<string>() switch
            {
                "userDataStream.subscribe.signature" => Subscribe(parameters, cancellationToken),
                "userDataStream.unsubscribe" => Unsubscribe(parameters),
                "session.subscriptions" => Ok(new JsonArray(_subscriptions.Keys.Order().Select(n => (JsonNode)new JsonObject { ["subscriptionId"] = n }).ToArray())),
                "ping" => Ok(new JsonObject()),
                "time" => Ok(new JsonObject { ["serverTime"] = state.Clock.NowMs }),
                var method => Error(400, -1100, $"Unknown method '{method}'."),
            };
            reply["id"] = id;
            await SendAsync(reply.ToJsonString(), cancellationToken);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            var reply = Error(400, -1100, "Malformed request.");
            reply["id"] = id;
            await SendAsync(reply.ToJsonString(), cancellationToken);
        }
    }

    private JsonObject Subscribe(JsonObject parameters, CancellationToken cancellationToken)
    {
        var values = parameters.ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? "", StringComparer.Ordinal);
        if (!values.TryGetValue("apiKey", out var apiKey) || state.SecretFor(apiKey) is not { } secret)
        {
            return Error(401, -2015, "Invalid API-key, IP, or permissions for action.");
        }

        var payload = string.Join('&', values.Where(p => p.Key != "signature").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        if (!BinanceSigner.Verify(secret, payload, values.GetValueOrDefault("signature")))
        {
            return Error(400, -1022, "Signature for this request is not valid.");
        }

        var recvWindow = values.TryGetValue("recvWindow", out var w) && decimal.TryParse(w, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var window) ? window : 5000m;
        if (!long.TryParse(values.GetValueOrDefault("timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || timestamp >= state.Clock.NowMs + 1000 || state.Clock.NowMs - timestamp > recvWindow)
        {
            return Error(400, -1021, "Timestamp for this request is outside of the recvWindow.");
        }

        state.OpenAccount(apiKey);
        if (_subscriptions.Values.Any(s => s.Subscription.IsFor(apiKey)))
        {
            return Error(400, -2035, "User Data Stream subscription already active.");
        }

        var subscriptionId = _nextSubscriptionId++;
        var subscription = state.Streams.Subscribe(apiKey, MarketType.Spot);
        _subscriptions[subscriptionId] = (subscription, PumpAsync(subscriptionId, subscription, cancellationToken));
        return Ok(new JsonObject { ["subscriptionId"] = subscriptionId });
    }

    private JsonObject Unsubscribe(JsonObject parameters)
    {
        var ids = parameters["subscriptionId"] is { } one ? [one.GetValue<int>()] : _subscriptions.Keys.ToList();
        foreach (var id in ids)
        {
            if (_subscriptions.Remove(id, out var entry))
            {
                entry.Subscription.Dispose();
            }
        }

        return Ok(new JsonObject());
    }

    private async Task PumpAsync(int subscriptionId, UserStreams.Subscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var text in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                await SendAsync($"{{\"subscriptionId\":{subscriptionId},\"event\":{text}}}", cancellationToken);
            }

            await SendAsync($"{{\"subscriptionId\":{subscriptionId},\"event\":{{\"e\":\"eventStreamTerminated\",\"E\":{state.Clock.NowMs}}}}}", cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }

    private async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _send.Release();
        }
    }

    private static JsonObject Ok(JsonNode result) => new() { ["status"] = 200, ["result"] = result };

    private static JsonObject Error(int status, int code, string msg) => new() { ["status"] = status, ["error"] = new JsonObject { ["code"] = code, ["msg"] = msg } };
}
