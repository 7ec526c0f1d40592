using System.Text.Json;

namespace SignalStreams.Telegram;

/// <summary>Telegram's answer: <c>{ok, result{message_id}, error_code, description, parameters{retry_after}}</c>.</summary>
internal sealed record BotApiAnswer(int HttpStatus, bool Ok, long? MessageId, int? ErrorCode, string? Description, int? RetryAfterSeconds)
{
    /// <summary>Null when the body is not a Bot API answer (a proxy's HTML page, truncated JSON).</summary>
    public static BotApiAnswer? TryParse(int httpStatus, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return null;
            }

            long? messageId = root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
                && result.TryGetProperty("message_id", out var id) && id.TryGetInt64(out var value) ? value : null;
            int? errorCode = root.TryGetProperty("error_code", out var code) && code.TryGetInt32(out var codeValue) ? codeValue : null;
            var description = root.TryGetProperty("description", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
            int? retryAfter = root.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("retry_after", out var retry) && retry.TryGetInt32(out var seconds) ? seconds : null;
            return new BotApiAnswer(httpStatus, ok.GetBoolean(), messageId, errorCode, description, retryAfter);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
