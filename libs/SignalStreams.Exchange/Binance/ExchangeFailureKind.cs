namespace SignalStreams.Exchange.Binance;

/// <summary>What kind of failure a <see cref="BinanceApiException"/> is, so callers can decide without parsing messages.</summary>
public enum ExchangeFailureKind
{
    /// <summary>4xx with a Binance code: the request was refused (bad parameter, unknown symbol, insufficient balance...).</summary>
    Rejected,

    /// <summary>-1022 / -2014 / -2015: signature, key format or key permissions.</summary>
    Unauthorized,

    /// <summary>-1021 even after re-synchronising the clock.</summary>
    TimestampOutsideRecvWindow,

    /// <summary>429: request rate limit; see RetryAfter.</summary>
    RateLimited,

    /// <summary>418: the IP is banned for a while; see RetryAfter.</summary>
    Banned,

    /// <summary>5xx, or code -1007/-1006: the exchange could not say what happened.</summary>
    ServerError,

    /// <summary>No answer within the timeout.</summary>
    Timeout,

    /// <summary>Connection-level failure.</summary>
    Transport,

    /// <summary>The circuit breaker for this base URL is open; nothing was sent.</summary>
    CircuitOpen,

    /// <summary>The answer could not be understood.</summary>
    InvalidResponse,
}
