namespace SignalStreams.Exchange.Binance;

/// <summary>Timeouts, retries and the circuit breaker of the exchange client; bound from <c>Exchange:Client</c>.</summary>
public sealed class ExchangeClientOptions
{
    public const string SectionName = "Exchange:Client";

    /// <summary>recvWindow sent with every signed request, milliseconds (Binance default 5000, maximum 60000).</summary>
    public int RecvWindowMs { get; set; } = 5000;

    /// <summary>How long an order POST may take before its outcome counts as unknown and it is looked up.</summary>
    public TimeSpan OrderTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one attempt of a read (GET, time sync, leverage).</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a read after a timeout, a transport error, 5xx or 429/418 (never of an order POST).</summary>
    public int ReadRetries { get; set; } = 3;

    /// <summary>First retry delay of a read; doubles with jitter.</summary>
    public TimeSpan ReadRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Lookups by origClientOrderId after an unknown outcome; the endpoint is eventually consistent.</summary>
    public int LookupAttempts { get; set; } = 5;

    /// <summary>Pause between lookups that answer "order does not exist"; grows linearly.</summary>
    public TimeSpan LookupDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Longest Retry-After the client honours before giving up on a read (a 418 ban may last days).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long symbol rules from exchangeInfo are cached.</summary>
    public TimeSpan ExchangeInfoTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Circuit breaker per base URL: opens when this share of calls in the window failed (timeouts, transport errors, 5xx).</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Clock for request timestamps and Retry-After waits (timeouts and breaker use the system clock).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
