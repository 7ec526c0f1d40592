using System.Globalization;
using System.Text;
using SignalStreams.Contracts;

namespace SignalStreams.Telegram;

/// <summary>
/// Renders the channel message of an MT5 position in escaped Telegram HTML. The text depends only on its inputs
/// (invariant culture, fixed number formats), so "edit only when the shown text changes" is a string comparison.
/// </summary>
public sealed class PositionMessageFormatter
{
    private const string Missing = "—";

    /// <summary>
    /// The message for <paramref name="position"/>. Prices and volumes show as many decimals as they carry (at most
    /// ten); profit shows two decimals with an explicit sign. <paramref name="symbol"/> replaces the MT5 symbol when
    /// given (the mapped trading pair).
    /// </summary>
    public string Format(PositionMessageKind kind, PositionEvent position, string signalId, string? symbol = null)
    {
        ArgumentNullException.ThrowIfNull(position);
        var side = position.Type == Mt5PositionType.Buy ? "BUY" : "SELL";
        var marker = kind == PositionMessageKind.Closed ? "⚪" : position.Type == Mt5PositionType.Buy ? "🟢" : "🔴";
        var title = kind switch
        {
            PositionMessageKind.Opened => "NEW POSITION",
            PositionMessageKind.Updated => "OPEN",
            _ => "CLOSED",
        };

        var text = new StringBuilder();
        text.Append(marker).Append(" <b>").Append(title).Append("</b> · <b>").Append(side).Append(' ')
            .Append(TelegramHtml.Escape(symbol ?? position.Symbol)).Append("</b>\n");
        Line(text, "Entry", Price(position.OpenPrice));
        Line(text, "Volume", Price(position.Volume));
        text.Append("SL: <code>").Append(Price(position.StopLoss)).Append("</code> · TP: <code>").Append(Price(position.TakeProfit)).Append("</code>\n");
        switch (kind)
        {
            case PositionMessageKind.Updated:
                Line(text, "Price", Price(position.CurrentPrice));
                text.Append("Profit: <b>").Append(Profit(position.Profit)).Append("</b>\n");
                break;
            case PositionMessageKind.Closed:
                text.Append("Final profit: <b>").Append(Profit(position.Profit)).Append("</b>\n");
                break;
        }

        text.Append("Signal: <code>").Append(TelegramHtml.Escape(signalId)).Append("</code>");
        return text.ToString();
    }

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append(label).Append(": <code>").Append(value).Append("</code>\n");

    private static string Price(decimal? value) =>
        value is { } v ? v.ToString("0.##########", CultureInfo.InvariantCulture) : Missing;

    private static string Profit(decimal? value) =>
        value is { } v ? v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : Missing;
}
