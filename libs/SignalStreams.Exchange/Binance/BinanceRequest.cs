using SignalStreams.Contracts;

namespace SignalStreams.Exchange.Binance;

/// <summary>One call: method, path, parameters in the order they are sent, whether it is signed and whether it places an order (never retried).</summary>
internal sealed record BinanceRequest(HttpMethod Method, string Path, MarketType Market, IReadOnlyList<KeyValuePair<string, string>> Parameters, bool Signed, bool PlacesOrder = false)
{
    public static BinanceRequest Get(string path, MarketType market, bool signed, params KeyValuePair<string, string>[] parameters) =>
        new(HttpMethod.Get, path, market, parameters, signed);
}
