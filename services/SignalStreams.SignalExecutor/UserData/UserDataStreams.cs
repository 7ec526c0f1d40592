using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.Exchange.Binance;
using SignalStreams.SignalExecutor.Topology;

namespace SignalStreams.SignalExecutor.UserData;

/// <summary>
/// One user data stream per (venue, user, market) with at least one open protected position on a partition this
/// instance owns: futures through a listen key (kept alive every <c>Executor:UserDataStreamKeepAliveMinutes</c>), spot
/// through the WebSocket API subscription. The stream threads say which pairs need a stream (<see cref="Track"/>, from
/// their saves) and take the hints (<see cref="TakeHints"/>) on their own thread, as they take the dispatcher's
/// answers: no store is touched here. A stream that ends or cannot connect is opened again with backoff; it is closed
/// when its user has no watched position left or the partition is revoked. The listen key is never deleted (it is the
/// account's, shared with whatever else reads that account's stream); unused, it expires after 60 minutes. Listen keys
/// and signatures are secrets: nothing here logs them (errors are logged by type and Binance code only).
/// </summary>
public sealed class UserDataStreams : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly IUserExchanges _exchanges;
    private readonly Func<string, MarketType, string> _endpointOf;
    private readonly ExecutorOptions _options;
    private readonly ExecutorMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CheckBudget _connects;
    private readonly object _gate = new();
    private readonly Dictionary<StreamKey, UserStream> _streams = [];
    private readonly ConcurrentDictionary<int, ConcurrentQueue<StreamHint>> _hints = new();

    public UserDataStreams(IUserExchanges exchanges, Func<string, MarketType, string> endpointOf, IOptions<ExecutorOptions> options, ExecutorMetrics metrics, TimeProvider time, ILogger<UserDataStreams> logger)
    {
        _exchanges = exchanges;
        _endpointOf = endpointOf;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _connects = new CheckBudget(_options.UserDataStreamConnectsPerMinute, time);
    }

    public bool Enabled => _options.UserDataStreams;

    /// <summary>
    /// From the stream thread of <paramref name="partition"/> after a save: whether the pair's position is watched
    /// (open with protective orders). The first watched pair of a user opens the stream, the last one closes it.
    /// </summary>
    public void Track(int partition, string pairKey, string userId, string venue, MarketType market, EncryptedCredentials? credentials, bool watched)
    {
        if (!Enabled)
        {
            return;
        }

        var key = new StreamKey(venue, userId, market);
        lock (_gate)
        {
            if (watched)
            {
                if (!_streams.TryGetValue(key, out var stream))
                {
                    stream = new UserStream(key, partition) { Credentials = credentials };
                    _streams[key] = stream;
                    stream.Loop = Task.Run(() => RunAsync(stream));
                }

                stream.Credentials = credentials;
                stream.Pairs.Add(pairKey);
            }
            else if (_streams.TryGetValue(key, out var stream) && stream.Pairs.Remove(pairKey) && stream.Pairs.Count == 0)
            {
                _streams.Remove(key);
                stream.Stop.Cancel();
            }
        }
    }

    /// <summary>Whether the user's stream is connected now (its positions are then checked less often).</summary>
    public bool IsLive(string userId, string venue, MarketType market)
    {
        lock (_gate)
        {
            return _streams.TryGetValue(new StreamKey(venue, userId, market), out var stream) && stream.Live;
        }
    }

    /// <summary>Streams kept (users with watched positions).</summary>
    public int Count()
    {
        lock (_gate)
        {
            return _streams.Count;
        }
    }

    /// <summary>Streams connected now.</summary>
    public int CountLive()
    {
        lock (_gate)
        {
            return _streams.Values.Count(s => s.Live);
        }
    }

    /// <summary>The hints queued for <paramref name="partition"/>, oldest first.</summary>
    public IReadOnlyList<StreamHint> TakeHints(int partition, int max = 5000)
    {
        var taken = new List<StreamHint>();
        if (_hints.TryGetValue(partition, out var queue))
        {
            while (taken.Count < max && queue.TryDequeue(out var hint))
            {
                taken.Add(hint);
            }
        }

        return taken;
    }

    /// <summary>The partition was revoked (or its task closed): its streams close; the new owner opens its own.</summary>
    public void ReleasePartition(int partition)
    {
        lock (_gate)
        {
            foreach (var (key, stream) in _streams.Where(s => s.Value.Partition == partition).ToList())
            {
                _streams.Remove(key);
                stream.Stop.Cancel();
            }
        }

        _hints.TryRemove(partition, out _);
    }

    public async ValueTask DisposeAsync()
    {
        List<UserStream> all;
        lock (_gate)
        {
            all = [.. _streams.Values];
            _streams.Clear();
        }

        foreach (var stream in all)
        {
            await stream.Stop.CancelAsync();
        }

        await Task.WhenAll(all.Select(s => s.Loop));
    }

    private async Task RunAsync(UserStream stream)
    {
        var (venue, userId, market) = stream.Key;
        var token = stream.Stop.Token;
        var endpoint = _endpointOf(venue, market);
        var failures = 0;
        var connectedBefore = false;
        var downAnnounced = false;
        while (!token.IsCancellationRequested)
        {
            if (!_connects.TryTake(endpoint, 1))
            {
                if (!await DelayAsync(TimeSpan.FromSeconds(1), token))
                {
                    break;
                }

                continue;
            }

            var connectedAt = DateTimeOffset.UtcNow;
            try
            {
                var choice = _exchanges.Resolve(venue, userId, stream.Credentials);
                var client = choice.Client ?? throw new InvalidOperationException(choice.FailureReason);
                await using var reader = await client.ConnectUserDataStreamAsync(market, token);
                stream.Live = true;
                downAnnounced = false;
                _metrics.StreamConnect("connected");
                _logger.LogDebug("User data stream of {UserId} ({Venue} {Market}) connected", userId, venue, market);
                if (connectedBefore)
                {
                    Hint(stream, StreamHintKind.Reconnected);
                }

                connectedBefore = true;
                using var session = CancellationTokenSource.CreateLinkedTokenSource(token);
                var keepAlive = market == MarketType.Futures ? KeepAliveAsync(client, stream, session) : Task.CompletedTask;
                try
                {
                    await foreach (var update in reader.ReadAsync(session.Token))
                    {
                        if ((update.IsFilled || update.ExecutionType == "TRADE" || update.Status == "EXPIRED") && stream.FirstNews(update.ClientOrderId))
                        {
                            Hint(stream, StreamHintKind.Order, update.ClientOrderId);
                        }
                    }
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // The keep-alive found the listen key gone: connect again.
                }

                await session.CancelAsync();
                await keepAlive;
                _metrics.StreamConnect("ended");
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _metrics.StreamConnect("failed");
                _logger.LogWarning("User data stream of {UserId} ({Venue} {Market}) could not connect: {Reason}", userId, venue, market, Describe(e));
            }
            finally
            {
                stream.Live = false;
                if (!downAnnounced && !token.IsCancellationRequested)
                {
                    Hint(stream, StreamHintKind.Down);
                    downAnnounced = true;
                }
            }

            failures = DateTimeOffset.UtcNow - connectedAt > TimeSpan.FromMinutes(1) ? 1 : failures + 1;
            if (!await DelayAsync(Backoff(failures), token))
            {
                break;
            }
        }

        stream.Live = false;
    }

    private async Task KeepAliveAsync(IExchangeClient client, UserStream stream, CancellationTokenSource session)
    {
        var every = TimeSpan.FromMinutes(_options.UserDataStreamKeepAliveMinutes);
        while (await DelayAsync(every, session.Token))
        {
            try
            {
                await client.KeepAliveUserDataStreamAsync(session.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning("Keeping the user data stream of {UserId} alive failed: {Reason}; connecting again", stream.Key.UserId, Describe(e));
                await session.CancelAsync();
                return;
            }
        }
    }

    private void Hint(UserStream stream, StreamHintKind kind, string? clientOrderId = null)
    {
        _metrics.StreamHint(kind.ToString().ToLowerInvariant());
        _hints.GetOrAdd(stream.Partition, _ => new ConcurrentQueue<StreamHint>())
            .Enqueue(new StreamHint(kind, stream.Key.UserId, stream.Key.Venue, stream.Key.Market, clientOrderId));
    }

    /// <summary>An error without secrets: the exception's messages may carry a stream URL (with its listen key), so only the type and Binance's code.</summary>
    private static string Describe(Exception e) => e switch
    {
        BinanceApiException binance => $"{binance.Kind} {binance.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {binance.BinanceMessage}",
        WebSocketException socket => $"WebSocket {socket.WebSocketErrorCode}",
        InvalidOperationException { Message: var reason } => reason, // no client for the user: UserExchangeResolver's sentence
        _ => e.GetType().Name,
    };

    private static TimeSpan Backoff(int failures)
    {
        var ms = Math.Min(MaxBackoff.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(failures - 1, 10)));
        return TimeSpan.FromMilliseconds(ms * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private readonly record struct StreamKey(string Venue, string UserId, MarketType Market);

    private sealed class UserStream(StreamKey key, int partition)
    {
        public StreamKey Key { get; } = key;

        public int Partition { get; } = partition;

        public HashSet<string> Pairs { get; } = new(StringComparer.Ordinal);

        public EncryptedCredentials? Credentials { get; set; }

        public CancellationTokenSource Stop { get; } = new();

        public Task Loop { get; set; } = Task.CompletedTask;

        /// <summary>
        /// One hint per order per few seconds: a triggered stop reports its MARKET order's fill and then its own FINISHED
        /// (same client id), and each hint would cost a check.
        /// </summary>
        public bool FirstNews(string clientOrderId)
        {
            var now = DateTimeOffset.UtcNow;
            if (_recent.TryGetValue(clientOrderId, out var at) && now - at < TimeSpan.FromSeconds(5))
            {
                return false;
            }

            if (_recent.Count > 64)
            {
                foreach (var old in _recent.Where(r => now - r.Value >= TimeSpan.FromSeconds(5)).Select(r => r.Key).ToList())
                {
                    _recent.Remove(old);
                }
            }

            _recent[clientOrderId] = now;
            return true;
        }

        private readonly Dictionary<string, DateTimeOffset> _recent = new(StringComparer.Ordinal);
        private volatile bool _live;

        public bool Live
        {
            get => _live;
            set => _live = value;
        }
    }
}
