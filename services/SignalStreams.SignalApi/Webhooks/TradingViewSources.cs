using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SignalStreams.SignalApi.Webhooks;

/// <summary>
/// The configured TradingView sources: checks an alert's secret in constant time and keeps one token bucket per
/// source. Only SHA-256 digests of the secrets are kept, so a comparison never depends on how much of a guess matched.
/// </summary>
internal sealed class TradingViewSources : IDisposable
{
    private static readonly byte[] NoSecret = SHA256.HashData(Encoding.UTF8.GetBytes("no source is configured under this id"));
    private readonly Dictionary<string, (byte[] Digest, TradingViewSourceOptions Options)> _sources = new(StringComparer.Ordinal);
    private readonly PartitionedRateLimiter<string> _limiter;

    public TradingViewSources(IOptions<TradingViewOptions> options)
    {
        foreach (var (sourceId, source) in options.Value.Sources)
        {
            _sources[sourceId] = (Digest(source.Secret), source);
        }

        _limiter = PartitionedRateLimiter.Create<string, string>(sourceId => RateLimitPartition.GetTokenBucketLimiter(sourceId, _ => BucketOf(_sources[sourceId].Options)));
    }

    public int Count => _sources.Count;

    /// <summary>The source's settings when <paramref name="secret"/> is its secret; null for a wrong, missing or unknown one.</summary>
    public TradingViewSourceOptions? Authenticate(string sourceId, string? secret)
    {
        var known = _sources.TryGetValue(sourceId, out var source);
        var given = Digest(secret ?? "");

        // Compared even for an unknown source, so the answer time does not tell which sources exist.
        var matches = CryptographicOperations.FixedTimeEquals(given, known ? source.Digest : NoSecret);
        return known && matches && !string.IsNullOrEmpty(secret) ? source.Options : null;
    }

    /// <summary>Takes one permit of an authenticated source's bucket; a refused lease carries RetryAfter.</summary>
    public RateLimitLease Acquire(string sourceId) => _limiter.AttemptAcquire(sourceId);

    public void Dispose() => _limiter.Dispose();

    private static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>PermitsPerMinute as one token per 60/P seconds up to 60 a minute, else ⌈P/60⌉ tokens every second.</summary>
    private static TokenBucketRateLimiterOptions BucketOf(TradingViewSourceOptions source) => new()
    {
        TokenLimit = source.Burst,
        TokensPerPeriod = source.PermitsPerMinute <= 60 ? 1 : (source.PermitsPerMinute + 59) / 60,
        ReplenishmentPeriod = source.PermitsPerMinute <= 60 ? TimeSpan.FromSeconds(60.0 / source.PermitsPerMinute) : TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
