using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SignalStreams.Telegram;

/// <summary>
/// Bot API client for sendMessage and editMessageText. Rules (CONTRACT.md §5): a request that provably never left
/// (connection refused, DNS failure) is retried with backoff; 429 waits <c>parameters.retry_after</c> and retries;
/// a request that may have reached Telegram (timeout after sending, HTTP 5xx) is NEVER repeated and returns
/// <see cref="TelegramResult.Unknown"/>. The bot token is part of every URL, so this client owns a plain
/// <see cref="HttpClient"/> without IHttpClientFactory's logging handlers (they log request URLs) and redacts the
/// token from every text it produces.
/// </summary>
public sealed partial class TelegramBotClient : ITelegramBotClient, IDisposable
{
    private const string SendMessageMethod = "sendMessage";
    private const string EditMessageTextMethod = "editMessageText";
    private const string Redacted = "***";

    private readonly HttpClient _http;
    private readonly TelegramOptions _options;
    private readonly TelegramRateLimiter _rateLimiter;
    private readonly TelegramMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TelegramBotClient> _logger;
    private readonly TimeSpan _requestTimeout;
    private readonly Uri _sendMessageUri;
    private readonly Uri _editMessageTextUri;

    public TelegramBotClient(
        IOptions<TelegramOptions> options,
        TelegramRateLimiter rateLimiter,
        TelegramMetrics metrics,
        TimeProvider timeProvider,
        ILogger<TelegramBotClient> logger)
    {
        _options = options.Value;
        _rateLimiter = rateLimiter;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _requestTimeout = TimeSpan.FromSeconds(_options.RequestTimeoutSeconds);
        var root = _options.BaseUrl.TrimEnd('/') + "/bot" + _options.BotToken + "/";
        _sendMessageUri = new Uri(root + SendMessageMethod);
        _editMessageTextUri = new Uri(root + EditMessageTextMethod);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(_options.ConnectTimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // The per-call timeout below decides; HttpClient's own would be indistinguishable from cancellation.
            Timeout = Timeout.InfiniteTimeSpan,
        };
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
        var problem = TelegramHtml.FindProblem(htmlText);
        if (problem is not null)
        {
            LogRefused(method, chatId, problem);
            return Finish(method, "refused", new TelegramResult.Failed(null, problem));
        }

        var body = BotApiRequest.Build(chatId, messageId, htmlText);
        var connectFailures = 0;
        var rateLimitAnswers = 0;
        while (true)
        {
            await _rateLimiter.WaitAsync(chatId, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            switch (await PostOnceAsync(method, body, cancellationToken).ConfigureAwait(false))
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
                    _metrics.UnknownOutcome(method);
                    LogUnknown(method, chatId, unknown.Reason);
                    return Finish(method, "unknown", new TelegramResult.Unknown(unknown.Reason));

                case AttemptOutcome.Answered { Answer: { Ok: false } answer } when answer.ErrorCode == 429 || answer.HttpStatus == 429:
                    var retryAfter = TimeSpan.FromSeconds(Math.Max(1, answer.RetryAfterSeconds ?? 1));
                    if (rateLimitAnswers >= _options.MaxRateLimitRetries || retryAfter.TotalSeconds > _options.MaxRetryAfterSeconds)
                    {
                        var limited = string.Create(CultureInfo.InvariantCulture, $"Telegram kept answering 429 (retry after {retryAfter.TotalSeconds} s, {rateLimitAnswers + 1} answers); nothing was sent.");
                        LogFailed(method, chatId, 429, limited);
                        return Finish(method, "failed", new TelegramResult.Failed(429, limited));
                    }

                    rateLimitAnswers++;
                    _metrics.RateLimitWait("telegram_429", retryAfter);
                    LogRateLimited(method, chatId, retryAfter.TotalSeconds);
                    await Task.Delay(retryAfter, _timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;

                case AttemptOutcome.Answered answered:
                    return Interpret(method, chatId, messageId, answered.Answer);
            }
        }
    }

    private async Task<AttemptOutcome> PostOnceAsync(string method, byte[] body, CancellationToken cancellationToken)
    {
        // A network timeout runs on the wall clock on purpose: a test's virtual TimeProvider must not fire it.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, method == SendMessageMethod ? _sendMessageUri : _editMessageTextUri) { Content = content };
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (status >= 500)
            {
                return new AttemptOutcome.Unknown(string.Create(CultureInfo.InvariantCulture, $"Telegram answered HTTP {status}; the request may have been processed."));
            }

            var answer = BotApiAnswer.TryParse(status, text);
            if (answer is { RetryAfterSeconds: null } && response.Headers.RetryAfter?.Delta is { } header)
            {
                answer = answer with { RetryAfterSeconds = (int)Math.Ceiling(header.TotalSeconds) };
            }

            return answer switch
            {
                not null => new AttemptOutcome.Answered(answer),
                null when status is >= 200 and < 300 => new AttemptOutcome.Unknown(string.Create(CultureInfo.InvariantCulture, $"Telegram answered HTTP {status} with a body that is not a Bot API answer.")),
                null => new AttemptOutcome.Answered(new BotApiAnswer(status, false, null, status, string.Create(CultureInfo.InvariantCulture, $"HTTP {status} without a Bot API answer."), null)),
            };
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                                                 or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            // Failed while connecting: no byte of the request reached Telegram.
            return new AttemptOutcome.NotSent(Describe(e));
        }
        catch (HttpRequestException e)
        {
            return new AttemptOutcome.Unknown("The connection failed after the request was sent: " + Describe(e));
        }
        catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
        {
            // Neither our timeout nor the caller cancelled: only the handler's ConnectTimeout cancels by itself.
            return new AttemptOutcome.NotSent(string.Create(CultureInfo.InvariantCulture, $"No connection within {_options.ConnectTimeoutSeconds} s."));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome.Unknown(string.Create(CultureInfo.InvariantCulture, $"No answer within {_requestTimeout.TotalSeconds} s; the request may have been processed."));
        }
        catch (OperationCanceledException)
        {
            return new AttemptOutcome.Unknown("Cancelled while the request was in flight; it may have been processed.");
        }
    }

    private TelegramResult Interpret(string method, string chatId, long? messageId, BotApiAnswer answer)
    {
        if (answer.Ok)
        {
            if (method == EditMessageTextMethod)
            {
                LogSucceeded(method, chatId, messageId ?? 0);
                return Finish(method, "edited", new TelegramResult.Edited(messageId ?? 0));
            }

            if (answer.MessageId is { } sentId)
            {
                LogSucceeded(method, chatId, sentId);
                return Finish(method, "sent", new TelegramResult.Sent(sentId));
            }

            const string reason = "Telegram accepted the message but its answer carries no message_id.";
            _metrics.UnknownOutcome(method);
            LogUnknown(method, chatId, reason);
            return Finish(method, "unknown", new TelegramResult.Unknown(reason));
        }

        var description = Redact(answer.Description ?? "(no description)");
        if (method == EditMessageTextMethod && description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
        {
            LogSucceeded(method, chatId, messageId ?? 0);
            return Finish(method, "not_modified", new TelegramResult.NotModified(messageId ?? 0));
        }

        var code = answer.ErrorCode ?? answer.HttpStatus;
        LogFailed(method, chatId, code, description);
        return Finish(method, "failed", new TelegramResult.Failed(code, description));
    }

    private TelegramResult Finish(string method, string outcome, TelegramResult result)
    {
        _metrics.Call(method, outcome);
        return result;
    }

    private string Describe(Exception e)
    {
        var text = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? e.Message + " (" + inner.Message + ")"
            : e.Message;
        return Redact(text);
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
