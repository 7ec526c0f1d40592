using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace SignalStreams.Exchange.Streams;

/// <summary>
/// A connected user data stream (a <see cref="ClientWebSocket"/>) yielding order updates as they arrive, so a
/// protective order's fill is noticed without polling. Futures: the listen key's stream (keep the key alive with
/// <c>KeepAliveUserDataStreamAsync</c> at least every 60 minutes). Spot: a WebSocket API connection subscribed with
/// <c>userDataStream.subscribe.signature</c>. Binance drops connections after 24 h: reconnect when
/// <see cref="ReadAsync"/> ends, and reconcile with open-order queries for what happened while disconnected.
/// </summary>
public sealed class UserDataStreamReader : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;

    private UserDataStreamReader(ClientWebSocket socket) => _socket = socket;

    /// <summary>Connects to <paramref name="url"/> and, for the spot WebSocket API, sends <paramref name="subscribeRequest"/> and checks its answer.</summary>
    public static async Task<UserDataStreamReader> ConnectAsync(Uri url, string? subscribeRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
            var reader = new UserDataStreamReader(socket);
            if (subscribeRequest is not null)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(subscribeRequest), WebSocketMessageType.Text, true, cancellationToken);
                var answer = await reader.ReceiveAsync(cancellationToken)
                    ?? throw new WebSocketException("The user data stream closed before answering the subscription.");
                using var document = JsonDocument.Parse(answer);
                if (!document.RootElement.TryGetProperty("status", out var status) || status.GetInt32() != 200)
                {
                    // The answer carries Binance's error code and msg, never the key or the signature.
                    throw new WebSocketException($"The user data stream subscription was refused: {answer}");
                }
            }

            return reader;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Order updates until the connection closes or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<OrderUpdate> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await ReceiveAsync(cancellationToken) is { } message)
        {
            OrderUpdate? update;
            try
            {
                update = OrderUpdateParser.Parse(message);
            }
            catch (JsonException)
            {
                continue;
            }

            if (update is not null)
            {
                yield return update;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }

    private async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, cancellationToken);
            }
            catch (WebSocketException)
            {
                return null;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }
}
