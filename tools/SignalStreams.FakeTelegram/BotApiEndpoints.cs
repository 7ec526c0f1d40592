using System.Globalization;
using System.Text.Json.Nodes;

namespace SignalStreams.FakeTelegram;

/// <summary><c>GET|POST /bot{token}/sendMessage</c> and <c>/bot{token}/editMessageText</c>, answering as Telegram does.</summary>
internal static class BotApiEndpoints
{
    public const string SendMessage = "sendMessage";
    public const string EditMessageText = "editMessageText";

    public static void Map(IEndpointRouteBuilder app) => app.MapMethods("/{botSegment}/{method}", ["GET", "POST"], HandleAsync);

    private static async Task<IResult> HandleAsync(string botSegment, string method, HttpContext context, FakeTelegramState state, IHostApplicationLifetime lifetime)
    {
        if (!botSegment.StartsWith("bot", StringComparison.Ordinal))
        {
            return Error(404, "Not Found");
        }

        var fields = await BotApiRequestFields.ReadAsync(context.Request, context.RequestAborted);
        var name = string.Equals(method, SendMessage, StringComparison.OrdinalIgnoreCase) ? SendMessage
            : string.Equals(method, EditMessageText, StringComparison.OrdinalIgnoreCase) ? EditMessageText
            : method;
        var chatId = fields?["chat_id"];
        long? messageId = long.TryParse(fields?["message_id"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;
        var text = fields?["text"];
        IResult Answer(int status, string description, FakeTelegramFaultKind? fault = null, int? retryAfter = null)
        {
            state.RecordCall(name, chatId, messageId, text, status, description, fault);
            return Error(status, description, retryAfter);
        }

        if (!state.IsValidToken(botSegment[3..]))
        {
            return Answer(401, "Unauthorized");
        }

        if (name is not (SendMessage or EditMessageText))
        {
            return Answer(404, "Not Found");
        }

        var fault = state.TakeFault(name);
        switch (fault?.Kind)
        {
            case FakeTelegramFaultKind.RateLimit:
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Answer(429, $"Too Many Requests: retry after {fault.RetryAfterSeconds}", fault.Kind, fault.RetryAfterSeconds);
            case FakeTelegramFaultKind.ServerError when GatewayError(fault.StatusCode) is { } title:
                // Telegram's front end (nginx) answers gateway errors with its own HTML page, not a Bot API answer.
                state.RecordCall(name, chatId, messageId, text, fault.StatusCode, title, fault.Kind);
                return Results.Content(
                    $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n",
                    "text/html", statusCode: fault.StatusCode);
            case FakeTelegramFaultKind.ServerError:
                return Answer(fault.StatusCode, "Internal Server Error", fault.Kind);
        }

        var problem = fields is null ? "Bad Request: can't parse JSON object"
            : chatId is null ? "Bad Request: chat_id is empty"
            : text is null ? "Bad Request: message text is empty"
            : !state.IsKnownChat(chatId) ? "Bad Request: chat not found"
            : name == EditMessageText && messageId is null ? "Bad Request: message identifier is not specified"
            : null;
        // Telegram lower-cases parse_mode before comparing ("Html", as Telegram.Bot sends it, is HTML) and treats
        // "none" like no parse_mode. Markdown is not simulated: the fake refuses it like an unknown mode.
        var parseMode = fields?["parse_mode"]?.ToLowerInvariant() switch
        {
            null or "none" => null,
            "html" => "HTML",
            _ => "unsupported",
        };
        var plainText = text ?? "";
        if (problem is null && parseMode is not null)
        {
            problem = parseMode != "HTML" ? "Bad Request: unsupported parse_mode"
                : TelegramHtmlParser.TryParse(text!, out plainText, out var parseError) ? null
                : "Bad Request: can't parse entities: " + parseError;
        }

        if (problem is null && plainText.Trim().Length == 0)
        {
            problem = "Bad Request: message text is empty";
        }
        else if (problem is null && plainText.Length > 4096)
        {
            problem = "Bad Request: message is too long";
        }

        if (problem is not null)
        {
            return Answer(400, problem, fault?.Kind);
        }

        FakeTelegramMessage message;
        if (name == SendMessage)
        {
            message = state.Send(chatId!, text!, plainText, parseMode, fields!.LinkPreviewDisabled());
            messageId = message.MessageId;
        }
        else if (state.Edit(chatId!, messageId!.Value, text!, plainText, out var notModified) is { } edited)
        {
            message = edited;
        }
        else
        {
            return Answer(400, notModified
                ? "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"
                : "Bad Request: message to edit not found", fault?.Kind);
        }

        state.RecordCall(name, chatId, messageId, text, 200, null, fault?.Kind);
        if (fault?.Kind == FakeTelegramFaultKind.AcceptThenHang)
        {
            // The message is on "Telegram" now; the client never learns it. Stop early when the client gives up or we shut down.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(fault.HangSeconds ?? state.Options.DefaultHangSeconds), stop.Token);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
                return Results.Empty;
            }
        }

        return Ok(MessageJson(message, name == EditMessageText));
    }

    private static string? GatewayError(int status) => status switch
    {
        502 => "502 Bad Gateway",
        503 => "503 Service Temporarily Unavailable",
        504 => "504 Gateway Time-out",
        _ => null,
    };

    private static JsonObject MessageJson(FakeTelegramMessage message, bool edited)
    {
        var json = new JsonObject
        {
            ["message_id"] = message.MessageId,
            ["date"] = message.SentAt.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject
            {
                ["id"] = long.TryParse(message.ChatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var numeric) ? JsonValue.Create(numeric) : JsonValue.Create(message.ChatId),
                ["type"] = message.ChatId.StartsWith('-') || message.ChatId.StartsWith('@') ? "channel" : "private",
            },
            ["text"] = message.PlainText,
        };
        if (edited && message.Edits.Count > 0)
        {
            json["edit_date"] = message.Edits[^1].EditedAt.ToUnixTimeSeconds();
        }

        return json;
    }

    private static IResult Ok(JsonObject result) =>
        Results.Content(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString(), "application/json", statusCode: 200);

    private static IResult Error(int status, string description, int? retryAfter = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description };
        if (retryAfter is { } seconds)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }

        return Results.Content(body.ToJsonString(), "application/json", statusCode: status);
    }
}
