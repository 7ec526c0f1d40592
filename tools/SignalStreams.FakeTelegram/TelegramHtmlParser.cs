using System.Globalization;
using System.Text;

namespace SignalStreams.FakeTelegram;

/// <summary>
/// Checks text in Telegram's HTML parse mode the way the Bot API documents it and returns the text Telegram would
/// show. Deliberately strict: a bare &lt;, &gt; or &amp; is an error, so escaping bugs surface in tests.
/// </summary>
internal static class TelegramHtmlParser
{
    private static readonly HashSet<string> AllowedTags = new(StringComparer.Ordinal)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji",
    };

    public static bool TryParse(string html, out string text, out string? error)
    {
        var plain = new StringBuilder(html.Length);
        var open = new Stack<string>();
        text = "";
        for (var i = 0; i < html.Length;)
        {
            switch (html[i])
            {
                case '<':
                    var end = html.IndexOf('>', i);
                    if (end < 0)
                    {
                        error = $"Can't find end of the tag starting at byte offset {Offset(html, i)}";
                        return false;
                    }

                    error = Tag(html[(i + 1)..end], open, Offset(html, i));
                    if (error is not null)
                    {
                        return false;
                    }

                    i = end + 1;
                    break;
                case '>':
                    error = $"Character '>' is reserved and must be escaped (byte offset {Offset(html, i)})";
                    return false;
                case '&':
                    var semicolon = html.IndexOf(';', i);
                    var decoded = semicolon > i && semicolon - i <= 10 ? Decode(html[(i + 1)..semicolon]) : null;
                    if (decoded is null)
                    {
                        error = $"Character '&' must start an entity such as &amp; (byte offset {Offset(html, i)})";
                        return false;
                    }

                    plain.Append(decoded);
                    i = semicolon + 1;
                    break;
                default:
                    plain.Append(html[i]);
                    i++;
                    break;
            }
        }

        if (open.Count > 0)
        {
            error = $"Can't find end tag corresponding to start tag \"{open.Peek()}\"";
            return false;
        }

        text = plain.ToString();
        error = null;
        return true;
    }

    private static string? Tag(string inner, Stack<string> open, int offset)
    {
        if (inner.StartsWith('/'))
        {
            var closing = inner[1..].Trim().ToLowerInvariant();
            if (open.Count == 0 || open.Peek() != closing)
            {
                return $"Unmatched end tag at byte offset {offset}, expected \"</{(open.Count == 0 ? "" : open.Peek())}>\", found \"</{closing}>\"";
            }

            open.Pop();
            return null;
        }

        var name = inner.Split(' ', 2)[0].ToLowerInvariant();
        if (!AllowedTags.Contains(name))
        {
            return $"Unsupported start tag \"{name}\" at byte offset {offset}";
        }

        if (inner.Count(c => c == '"') % 2 != 0)
        {
            return $"Unclosed attribute value in tag \"{name}\" at byte offset {offset}";
        }

        open.Push(name);
        return null;
    }

    private static string? Decode(string entity) => entity switch
    {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        ['#', 'x' or 'X', .. var hex] when int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) => CodePoint(code),
        ['#', .. var digits] when int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var code) => CodePoint(code),
        _ => null,
    };

    private static string? CodePoint(int code) =>
        code is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32(code) : null;

    private static int Offset(string html, int index) => Encoding.UTF8.GetByteCount(html.AsSpan(0, index));
}
