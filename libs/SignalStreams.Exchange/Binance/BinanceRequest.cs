using SignalStreams.Contracts;

namespace SignalStreams.Exchange.Binance;

/// <summary>
/// One call: method, path, parameters in the order they are sent, whether it is signed, whether it places an order
/// (never retried) and whether it needs only the API key header (USER_STREAM listen-key calls).
/// </summary>
internal sealed record BinanceRequest(HttpMethod Method, string Path, MarketType Market, IReadOnlyList<KeyValuePair<string, string>> Parameters, bool Signed, bool PlacesOrder = false, bool KeyOnly = false)
{
    public static BinanceRequest Get(string path, MarketType market, bool signed, params KeyValuePair<string, string>[] parameters) =>
        new(HttpMethod.Get, path, market, parameters, signed);
}
