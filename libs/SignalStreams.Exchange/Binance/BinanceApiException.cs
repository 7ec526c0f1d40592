using System.Net;

namespace SignalStreams.Exchange.Binance;

/// <summary>
/// A request the exchange refused or could not answer, with Binance's <c>code</c> and <c>msg</c> when it sent them.
/// Never contains the API key, secret or signature.
/// </summary>
public sealed class BinanceApiException : Exception
{
    public BinanceApiException(ExchangeFailureKind kind, string path, HttpStatusCode? status, int? code, string? binanceMessage, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(Describe(kind, path, status, code, binanceMessage), inner)
    {
        Kind = kind;
        Path = path;
        HttpStatus = status;
        Code = code;
        BinanceMessage = binanceMessage;
        RetryAfter = retryAfter;
    }

    public ExchangeFailureKind Kind { get; }

    /// <summary>The endpoint, e.g. <c>/api/v3/account</c> (no query string: it carries the signature).</summary>
    public string Path { get; }

    public HttpStatusCode? HttpStatus { get; }

    /// <summary>Binance's error code, e.g. -1022.</summary>
    public int? Code { get; }

    /// <summary>Binance's <c>msg</c>.</summary>
    public string? BinanceMessage { get; }

    public TimeSpan? RetryAfter { get; }

    private static string Describe(ExchangeFailureKind kind, string path, HttpStatusCode? status, int? code, string? msg) =>
        $"{path} failed ({kind}{(status is null ? "" : $", HTTP {(int)status}")}{(code is null ? "" : $", code {code}")}){(msg is null ? "." : $": {msg}")}";
}
