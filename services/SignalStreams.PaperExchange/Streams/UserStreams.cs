using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using SignalStreams.Contracts;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Streams;

/// <summary>
/// The user data streams: who listens to which account's events, and the futures listen keys. Events are queued to
/// every subscriber of the account and market in the order they happened (they are published under the exchange's
/// lock), and written to the socket by the subscriber's own loop, so a slow client never holds up matching.
/// </summary>
public sealed class UserStreams(ExchangeClock clock, TimeSpan listenKeyValidity)
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscribers = new();
    private readonly ConcurrentDictionary<string, (string ApiKey, long ExpiresAt)> _listenKeys = new(StringComparer.Ordinal);

    /// <summary>Starts receiving the events of one account on one market.</summary>
    public Subscription Subscribe(string apiKey, MarketType market, bool viaListenKey = false)
    {
        var subscription = new Subscription(this, apiKey, market) { ViaListenKey = viaListenKey };
        _subscribers[subscription] = 0;
        return subscription;
    }

    /// <summary>Number of live subscriptions (for tests waiting until a client is connected).</summary>
    public int Count => _subscribers.Count;

    internal void Publish(string apiKey, MarketType market, JsonObject payload)
    {
        var text = payload.ToJsonString();
        foreach (var subscription in _subscribers.Keys)
        {
            if (subscription.ApiKey == apiKey && subscription.Market == market)
            {
                subscription.Writer.TryWrite(text);
            }
        }
    }

    /// <summary>POST /fapi/v1/listenKey: the account's active key (validity extended) or a new one.</summary>
    public string StartListenKey(string apiKey)
    {
        var now = clock.NowMs;
        foreach (var (key, entry) in _listenKeys)
        {
            if (entry.ApiKey == apiKey && entry.ExpiresAt > now)
            {
                _listenKeys[key] = (apiKey, now + (long)listenKeyValidity.TotalMilliseconds);
                return key;
            }
        }

        var listenKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _listenKeys[listenKey] = (apiKey, now + (long)listenKeyValidity.TotalMilliseconds);
        return listenKey;
    }

    /// <summary>PUT /fapi/v1/listenKey: extends the account's active key; null when it has none (-1125).</summary>
    public string? KeepAlive(string apiKey)
    {
        var now = clock.NowMs;
        foreach (var (key, entry) in _listenKeys)
        {
            if (entry.ApiKey == apiKey && entry.ExpiresAt > now)
            {
                _listenKeys[key] = (apiKey, now + (long)listenKeyValidity.TotalMilliseconds);
                return key;
            }
        }

        return null;
    }

    /// <summary>DELETE /fapi/v1/listenKey: invalidates the account's keys and ends their streams.</summary>
    public void Close(string apiKey)
    {
        foreach (var (key, entry) in _listenKeys)
        {
            if (entry.ApiKey == apiKey)
            {
                _listenKeys.TryRemove(key, out _);
            }
        }

        foreach (var subscription in _subscribers.Keys.Where(s => s.ApiKey == apiKey && s.ViaListenKey))
        {
            subscription.Writer.TryComplete();
        }
    }

    /// <summary>The account a valid listen key belongs to.</summary>
    public string? AccountOf(string listenKey) =>
        _listenKeys.TryGetValue(listenKey, out var entry) && entry.ExpiresAt > clock.NowMs ? entry.ApiKey : null;

    internal void Remove(Subscription subscription) => _subscribers.TryRemove(subscription, out _);

    /// <summary>One listener: read <see cref="Reader"/>; dispose to stop.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly UserStreams _owner;
        private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

        internal Subscription(UserStreams owner, string apiKey, MarketType market)
        {
            _owner = owner;
            ApiKey = apiKey;
            Market = market;
        }

        public MarketType Market { get; }

        public ChannelReader<string> Reader => _channel.Reader;

        internal string ApiKey { get; }

        internal bool ViaListenKey { get; init; }

        internal bool IsFor(string apiKey) => ApiKey == apiKey;

        internal ChannelWriter<string> Writer => _channel.Writer;

        public void Dispose()
        {
            _channel.Writer.TryComplete();
            _owner.Remove(this);
        }
    }
}
