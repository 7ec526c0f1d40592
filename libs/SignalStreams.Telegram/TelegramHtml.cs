using System.Globalization;
using System.Text;

namespace SignalStreams.Telegram;

/// <summary>
/// Text for Telegram's HTML parse mode. Telegram knows only the named entities <c>&amp;lt; &amp;gt; &amp;amp; &amp;quot;</c>,
/// so <see cref="Escape"/> uses exactly those.
/// </summary>
public static class TelegramHtml
{
    /// <summary>Telegram's limit on a message's text, counted after entity parsing.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Escapes <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> so that <paramref name="text"/> shows literally.</summary>
    public static string Escape(string? text) => Replace(text, quotes: false);

    /// <summary>As <see cref="Escape"/>, and also <c>"</c>: for values inside a double-quoted attribute (an <c>href</c>).</summary>
    public static string EscapeAttribute(string? value) => Replace(value, quotes: true);

    /// <summary>
    /// Why Telegram would refuse this text, or null. The length rule is conservative: the MARKUP must fit in
    /// <see cref="MaxMessageLength"/> UTF-16 code units. Telegram counts the parsed text, which is never longer than
    /// its markup (tags vanish, every entity shrinks to one or two code units), so markup that fits always fits.
    /// </summary>
    public static string? FindProblem(string? htmlText)
    {
        if (string.IsNullOrWhiteSpace(htmlText))
        {
            return "The message text is empty.";
        }

        return htmlText.Length > MaxMessageLength
            ? string.Create(CultureInfo.InvariantCulture, $"The message text is {htmlText.Length} characters long (with markup); Telegram accepts at most {MaxMessageLength}.")
            : null;
    }

    private static string Replace(string? text, bool quotes)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '"' when quotes:
                    builder.Append("&quot;");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
