namespace SignalStreams.Exchange.Binance;

/// <summary>One answer from the exchange: HTTP status, body, and Binance's code/msg when the body is an error.</summary>
internal sealed record BinanceResponse(int StatusCode, string Body, int? Code, string? Msg, TimeSpan? RetryAfter)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>5xx, or -1006/-1007 ("execution status unknown"): the request may or may not have been processed.</summary>
    public bool IsOutcomeUnknown => StatusCode >= 500 || Code is -1006 or -1007;

    public bool IsRateLimited => StatusCode is 429 or 418;

    public BinanceApiException ToException(string path)
    {
        var kind = this switch
        {
            { StatusCode: 429 } => ExchangeFailureKind.RateLimited,
            { StatusCode: 418 } => ExchangeFailureKind.Banned,
            { IsOutcomeUnknown: true } => ExchangeFailureKind.ServerError,
            { Code: -1021 } => ExchangeFailureKind.TimestampOutsideRecvWindow,
            { Code: -1022 or -2014 or -2015 } => ExchangeFailureKind.Unauthorized,
            { StatusCode: 401 or 403 } => ExchangeFailureKind.Unauthorized,
            _ => ExchangeFailureKind.Rejected,
        };
        return new BinanceApiException(kind, path, (System.Net.HttpStatusCode)StatusCode, Code, Msg, RetryAfter);
    }
}
