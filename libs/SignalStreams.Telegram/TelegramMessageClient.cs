using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SignalStreams.Telegram;

/// <summary>
/// sendMessage and editMessageText through Telegram.Bot, with the delivery rules it does not have (CONTRACT.md §5):
/// pacing (<see cref="TelegramRateLimiter"/>); a request that provably never left (connection refused, DNS failure,
/// connect timeout) is retried with backoff; 429 waits <c>parameters.retry_after</c> on the <see cref="TimeProvider"/>
/// and retries; a request that may have reached Telegram (timeout after sending, 5xx) is NEVER repeated and returns
/// <see cref="TelegramResult.Unknown"/>. Telegram.Bot's own 429 retry is switched off: it would wait on the machine
/// clock, uncancellable by a test clock, and its buffered retry body would be the only path that differs.
/// The bot token is part of every URL, so the client owns a plain <see cref="HttpClient"/> without
/// IHttpClientFactory's logging handlers (they log request URLs) and redacts the token from every text it produces.
/// </summary>
public sealed partial class TelegramMessageClient : ITelegramBotClient, IDisposable
{
    private const string SendMessageMethod = "sendMessage";
    private const string EditMessageTextMethod = "editMessageText";
    private const string Redacted = "***";

    private static readonly LinkPreviewOptions NoLinkPreview = new() { IsDisabled = true };

    private readonly HttpClient _http;
    private readonly TelegramBotClient _bot;
    private readonly TelegramOptions _options;
    private readonly TelegramRateLimiter _rateLimiter;
    private readonly TelegramMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TelegramMessageClient> _logger;
    private readonly TimeSpan _requestTimeout;

    public TelegramMessageClient(
        IOptions<TelegramOptions> options,
        TelegramRateLimiter rateLimiter,
        TelegramMetrics metrics,
        TimeProvider timeProvider,
        ILogger<TelegramMessageClient> logger)
    {
        _options = options.Value;
        _rateLimiter = rateLimiter;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _requestTimeout = TimeSpan.FromSeconds(_options.RequestTimeoutSeconds);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(_options.ConnectTimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // The per-call timeout below decides; HttpClient's own would look like a connect timeout to BotApiErrors.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _bot = new TelegramBotClient(new TelegramBotClientOptions(_options.BotToken, _options.BaseUrl) { RetryCount = 0, RetryThreshold = 0 }, _http);
    }

    /// <inheritdoc />
    public Task<TelegramResult> SendMessageAsync(string chatId, string htmlText, CancellationToken cancellationToken = default) =>
        CallAsync(SendMessageMethod, chatId, null, htmlText, cancellationToken);

    /// <inheritdoc />
    public Task<TelegramResult> EditMessageTextAsync(string chatId, long messageId, string htmlText, CancellationToken cancellationToken = default) =>
        CallAsync(EditMessageTextMethod, chatId, messageId, htmlText, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<TelegramResult> CallAsync(string method, string chatId, long? messageId, string htmlText, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chatId);
        var problem = TelegramHtml.FindProblem(htmlText) ?? FindIdProblem(chatId, messageId);
        if (problem is not null)
        {
            LogRefused(method, chatId, problem);
            return Finish(method, "refused", new TelegramResult.Failed(null, problem));
        }

        var connectFailures = 0;
        var rateLimitAnswers = 0;
        while (true)
        {
            await _rateLimiter.WaitAsync(chatId, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            switch (await AttemptAsync(method, chatId, messageId, htmlText, cancellationToken).ConfigureAwait(false))
            {
                case AttemptOutcome.NotSent notSent when connectFailures < _options.ConnectRetries:
                    var backoff = TimeSpan.FromSeconds(_options.ConnectRetryDelaySeconds * Math.Pow(2, connectFailures++));
                    LogNotSentRetry(method, chatId, notSent.Reason, connectFailures, backoff.TotalMilliseconds);
                    await Task.Delay(backoff, _timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;

                case AttemptOutcome.NotSent notSent:
                    var unreachable = string.Create(CultureInfo.InvariantCulture, $"Telegram was unreachable after {connectFailures + 1} attempts; nothing was sent: {notSent.Reason}");
                    LogFailed(method, chatId, null, unreachable);
                    return Finish(method, "failed", new TelegramResult.Failed(null, unreachable));

                case AttemptOutcome.Unknown unknown:
                    return FinishUnknown(method, chatId, unknown.Reason);

                case AttemptOutcome.Refused { ErrorCode: 429 } limited:
                    var retryAfter = TimeSpan.FromSeconds(Math.Max(1, limited.RetryAfterSeconds ?? 1));
                    if (rateLimitAnswers >= _options.MaxRateLimitRetries || retryAfter.TotalSeconds > _options.MaxRetryAfterSeconds)
                    {
                        var failed = string.Create(CultureInfo.InvariantCulture, $"Telegram kept answering 429 (retry after {retryAfter.TotalSeconds} s, {rateLimitAnswers + 1} answers); nothing was sent.");
                        LogFailed(method, chatId, 429, failed);
                        return Finish(method, "failed", new TelegramResult.Failed(429, failed));
                    }

                    // A 429 means Telegram did not take the message: waiting it out and sending again is safe.
                    rateLimitAnswers++;
                    _metrics.RateLimitWait("telegram_429", retryAfter);
                    LogRateLimited(method, chatId, retryAfter.TotalSeconds);
                    await Task.Delay(retryAfter, _timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;

                case AttemptOutcome.Refused { Description: var description } when method == EditMessageTextMethod
                                                                               && description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase):
                    LogSucceeded(method, chatId, messageId ?? 0);
                    return Finish(method, "not_modified", new TelegramResult.NotModified(messageId ?? 0));

                case AttemptOutcome.Refused refused:
                    LogFailed(method, chatId, refused.ErrorCode, refused.Description);
                    return Finish(method, "failed", new TelegramResult.Failed(refused.ErrorCode, refused.Description));

                case AttemptOutcome.Accepted when method == EditMessageTextMethod:
                    LogSucceeded(method, chatId, messageId ?? 0);
                    return Finish(method, "edited", new TelegramResult.Edited(messageId ?? 0));

                case AttemptOutcome.Accepted { MessageId: > 0 } accepted:
                    LogSucceeded(method, chatId, accepted.MessageId);
                    return Finish(method, "sent", new TelegramResult.Sent(accepted.MessageId));

                default:
                    return FinishUnknown(method, chatId, "Telegram accepted the message but its answer carries no message_id.");
            }
        }
    }

    /// <summary>One request through Telegram.Bot, bounded by the wall-clock request timeout (a test's virtual clock must not fire it).</summary>
    private async Task<AttemptOutcome> AttemptAsync(string method, string chatId, long? messageId, string htmlText, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            var message = messageId is { } id
                ? await _bot.EditMessageText(new ChatId(chatId), (int)id, htmlText, ParseMode.Html, linkPreviewOptions: NoLinkPreview, cancellationToken: timeout.Token).ConfigureAwait(false)
                : await _bot.SendMessage(new ChatId(chatId), htmlText, ParseMode.Html, linkPreviewOptions: NoLinkPreview, cancellationToken: timeout.Token).ConfigureAwait(false);
            return new AttemptOutcome.Accepted(message.Id);
        }
        catch (Exception e) when (e is global::Telegram.Bot.Exceptions.RequestException or OperationCanceledException or HttpRequestException)
        {
            var callerCancelled = cancellationToken.IsCancellationRequested;
            return BotApiErrors.Classify(e, timedOut: timeout.IsCancellationRequested && !callerCancelled, callerCancelled, _options, Redact);
        }
    }

    /// <summary>Telegram.Bot takes a numeric chat id or "@channel", and a message id that fits an int.</summary>
    private static string? FindIdProblem(string chatId, long? messageId)
    {
        if (!long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) && !(chatId.StartsWith('@') && chatId.Length > 1))
        {
            return "The chat id must be a number or an @channelname.";
        }

        return messageId is < 1 or > int.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"The message id {messageId} is not a Telegram message id.")
            : null;
    }

    private TelegramResult FinishUnknown(string method, string chatId, string reason)
    {
        _metrics.UnknownOutcome(method);
        LogUnknown(method, chatId, reason);
        return Finish(method, "unknown", new TelegramResult.Unknown(reason));
    }

    private TelegramResult Finish(string method, string outcome, TelegramResult result)
    {
        _metrics.Call(method, outcome);
        return result;
    }

    /// <summary>Defence in depth: no text this client hands out may carry the token, whatever produced it.</summary>
    private string Redact(string text) =>
        string.IsNullOrEmpty(_options.BotToken) ? text : text.Replace(_options.BotToken, Redacted, StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} to chat {ChatId} succeeded (message {MessageId})")]
    private partial void LogSucceeded(string method, string chatId, long messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram {Method} to chat {ChatId} was refused before sending: {Reason}")]
    private partial void LogRefused(string method, string chatId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram {Method} to chat {ChatId} failed ({ErrorCode}): {Description}")]
    private partial void LogFailed(string method, string chatId, int? errorCode, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram {Method} to chat {ChatId} has an UNKNOWN outcome and will not be repeated: {Reason}")]
    private partial void LogUnknown(string method, string chatId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram answered 429 to {Method} for chat {ChatId}; retrying after {RetryAfterSeconds} s")]
    private partial void LogRateLimited(string method, string chatId, double retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram {Method} to chat {ChatId} could not connect ({Reason}); retry {Attempt} in {DelayMilliseconds} ms")]
    private partial void LogNotSentRetry(string method, string chatId, string reason, int attempt, double delayMilliseconds);
}
