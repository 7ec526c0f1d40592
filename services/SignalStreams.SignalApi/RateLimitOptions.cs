using System.ComponentModel.DataAnnotations;

namespace SignalStreams.SignalApi;

/// <summary>
/// The <c>RateLimit</c> section: a token bucket per bearer token (anonymous callers per IP address) on <c>/api</c>.
/// A request beyond the bucket gets a 429 problem with <c>Retry-After</c>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Requests a token may make per second, on average.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>Requests a token may make at once after being idle.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;
}
