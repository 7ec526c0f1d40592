using System.Globalization;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>Binance prints spot amounts with 8 decimals and futures amounts plainly, always as JSON strings.</summary>
internal static class BinanceFormat
{
    public static string Spot(decimal value) => value.ToString("F8", CultureInfo.InvariantCulture);

    public static string Plain(decimal value) => State.OrderMatcher.Text(value);
}
