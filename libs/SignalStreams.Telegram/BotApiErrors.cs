using System.Globalization;
using Telegram.Bot.Exceptions;

namespace SignalStreams.Telegram;

/// <summary>
/// What a failed Telegram.Bot call establishes: Telegram refused it (a Bot API error answer), it never left this
/// machine (no connection), or it may have reached Telegram (5xx, a broken or unreadable answer, a timeout).
/// </summary>
internal static class BotApiErrors
{
    /// <summary>
    /// <paramref name="timedOut"/>: this client's own request timeout fired; <paramref name="callerCancelled"/>: the
    /// caller's token did. Texts go to logs and results, so <paramref name="redact"/> removes the token from them.
    /// </summary>
    public static AttemptOutcome Classify(Exception error, bool timedOut, bool callerCancelled, TelegramOptions options, Func<string, string> redact) => error switch
    {
        ApiRequestException { ErrorCode: >= 500 } api => new AttemptOutcome.Unknown(
            string.Create(CultureInfo.InvariantCulture, $"Telegram answered {api.ErrorCode} ({redact(api.Message)}); the request may have been processed.")),
        ApiRequestException api => new AttemptOutcome.Refused(api.ErrorCode, redact(api.Message), api.Parameters?.RetryAfter),

        // An HTTP answer without a readable Bot API body: Telegram.Bot read the status, not the meaning.
        RequestException { HttpStatusCode: { } status } when (int)status >= 500 || (int)status < 300 || timedOut || callerCancelled =>
            new AttemptOutcome.Unknown(string.Create(CultureInfo.InvariantCulture, $"Telegram answered HTTP {(int)status} without a readable Bot API answer; the request may have been processed.")),
        RequestException { HttpStatusCode: { } status } => new AttemptOutcome.Refused(
            (int)status, string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status} without a Bot API answer."), null),

        // Failed while connecting: no byte of the request reached Telegram.
        RequestException { InnerException: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                                                                     or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } } request =>
            new AttemptOutcome.NotSent(Describe(request, redact)),

        // Telegram.Bot turns a cancellation that is not ours ("Bot API Request timed out") into a RequestException;
        // with HttpClient.Timeout infinite, only the handler's ConnectTimeout cancels by itself.
        RequestException { InnerException: OperationCanceledException } when !timedOut && !callerCancelled =>
            new AttemptOutcome.NotSent(string.Create(CultureInfo.InvariantCulture, $"No connection within {options.ConnectTimeoutSeconds} s.")),
        OperationCanceledException when !timedOut && !callerCancelled =>
            new AttemptOutcome.NotSent(string.Create(CultureInfo.InvariantCulture, $"No connection within {options.ConnectTimeoutSeconds} s.")),

        _ when callerCancelled => new AttemptOutcome.Unknown("Cancelled while the request was in flight; it may have been processed."),
        _ when timedOut => new AttemptOutcome.Unknown(
            string.Create(CultureInfo.InvariantCulture, $"No answer within {options.RequestTimeoutSeconds} s; the request may have been processed.")),
        _ => new AttemptOutcome.Unknown("The connection failed after the request was sent: " + Describe(error, redact)),
    };

    private static string Describe(Exception error, Func<string, string> redact)
    {
        var inner = error.InnerException?.InnerException ?? error.InnerException;
        var text = inner is not null && !error.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? error.Message + " (" + inner.Message + ")"
            : error.Message;
        return redact(text);
    }
}
