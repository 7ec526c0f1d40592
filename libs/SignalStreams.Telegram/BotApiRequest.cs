using System.Globalization;
using System.Text.Json;

namespace SignalStreams.Telegram;

/// <summary>The JSON body of sendMessage / editMessageText.</summary>
internal static class BotApiRequest
{
    public static byte[] Build(string chatId, long? messageId, string htmlText)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            // Numeric ids go as numbers, "@channelname" as a string; Telegram accepts both shapes.
            if (long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var numeric))
            {
                json.WriteNumber("chat_id", numeric);
            }
            else
            {
                json.WriteString("chat_id", chatId);
            }

            if (messageId is { } id)
            {
                json.WriteNumber("message_id", id);
            }

            json.WriteString("text", htmlText);
            json.WriteString("parse_mode", "HTML");
            json.WriteStartObject("link_preview_options");
            json.WriteBoolean("is_disabled", true);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
