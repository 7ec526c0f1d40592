using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace SignalStreams.Exchange.Binance;

/// <summary>
/// What all clients of one exchange base URL share: the circuit breaker, the Retry-After gate, the server-time
/// offset and the symbol-rules cache. Reads run retry → (Retry-After gate) → breaker → timeout; order POSTs run
/// (gate) → breaker → timeout only. The gate sits outside the timeout so that waiting is not mistaken for a hang.
/// </summary>
internal sealed class BinanceHost
{
    public BinanceHost(Uri baseUrl, ExchangeClientOptions options)
    {
        BaseUrl = baseUrl;
        HostLabel = baseUrl.Authority;
        Gate = new RateLimitGate(options.TimeProvider);
        var breaker = new ResiliencePipelineBuilder<BinanceResponse>()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<BinanceResponse>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
            })
            .Build();
        OrderPipeline = new ResiliencePipelineBuilder<BinanceResponse>()
            .AddPipeline(breaker)
            .AddTimeout(options.OrderTimeout)
            .Build();
        var retry = new ResiliencePipelineBuilder<BinanceResponse>();
        if (options.ReadRetries > 0)
        {
            retry.AddRetry(new RetryStrategyOptions<BinanceResponse>
            {
                MaxRetryAttempts = options.ReadRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ReadRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetryRead(args.Outcome, options.MaxRetryAfter)),
                // After 429/418 the gate already waits for Retry-After before the next attempt is sent.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result?.IsRateLimited == true ? TimeSpan.Zero : null),
            });
        }

        ReadRetryPipeline = retry.Build();
        ReadAttemptPipeline = new ResiliencePipelineBuilder<BinanceResponse>().AddPipeline(breaker).AddTimeout(options.ReadTimeout).Build();
    }

    private long _clockOffsetMs;
    private int _clockSynced;

    public Uri BaseUrl { get; }

    /// <summary>host:port, the metrics label.</summary>
    public string HostLabel { get; }

    public RateLimitGate Gate { get; }

    public ResiliencePipeline<BinanceResponse> OrderPipeline { get; }

    /// <summary>Retries of a whole read attempt (gate wait included).</summary>
    public ResiliencePipeline<BinanceResponse> ReadRetryPipeline { get; }

    /// <summary>One read attempt: breaker → timeout.</summary>
    public ResiliencePipeline<BinanceResponse> ReadAttemptPipeline { get; }

    /// <summary>Server time minus local time, milliseconds; null until the first sync. Read and written without tearing.</summary>
    public long? ClockOffsetMs
    {
        get => Volatile.Read(ref _clockSynced) == 1 ? Interlocked.Read(ref _clockOffsetMs) : null;
        set
        {
            Interlocked.Exchange(ref _clockOffsetMs, value ?? 0);
            Volatile.Write(ref _clockSynced, value is null ? 0 : 1);
        }
    }

    public SemaphoreSlim ClockSyncLock { get; } = new(1, 1);

    public ConcurrentDictionary<(SignalStreams.Contracts.MarketType Market, string Symbol), (SymbolRules Rules, DateTimeOffset FetchedAt)> Rules { get; } = new();

    private static bool IsFailure(Outcome<BinanceResponse> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException || outcome.Result?.StatusCode >= 500;

    private static bool ShouldRetryRead(Outcome<BinanceResponse> outcome, TimeSpan maxRetryAfter) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { IsRateLimited: true } r } => (r.RetryAfter ?? TimeSpan.Zero) <= maxRetryAfter,
        { Result: { } r } => r.IsOutcomeUnknown,
        _ => false,
    };
}
