using System.Globalization;
using SignalStreams.Exchange.Binance;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>Binance's SIGNED checks: API key header, HMAC-SHA256 signature of the total parameters, timestamp within recvWindow.</summary>
internal static class RequestSigning
{
    public const string ApiKeyHeader = "X-MBX-APIKEY";

    public static (PaperAccount? Account, BinanceError? Error) Verify(HttpContext context, BinanceParameters parameters, PaperExchangeState state)
    {
        var apiKey = context.Request.Headers[ApiKeyHeader].ToString();
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return (null, BinanceError.KeyFormat);
        }

        var account = state.Account(apiKey);
        if (account is null)
        {
            return (null, BinanceError.InvalidKey);
        }

        var signature = parameters["signature"];
        if (signature is null)
        {
            return (null, BinanceError.MissingParameter("signature"));
        }

        if (!BinanceSigner.Verify(account.ApiSecret, parameters.SignedPayload, signature))
        {
            return (null, BinanceError.InvalidSignature);
        }

        if (!long.TryParse(parameters["timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return (null, BinanceError.MissingParameter("timestamp"));
        }

        var recvWindow = 5000L;
        if (parameters["recvWindow"] is { } text && !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out recvWindow))
        {
            return (null, BinanceError.IllegalParameter("recvWindow", "^[0-9]{1,20}$"));
        }

        if (recvWindow > 60_000)
        {
            return (null, BinanceError.RecvWindowTooLarge);
        }

        var serverTime = state.Clock.NowMs;
        return timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow
            ? (account, null)
            : (null, BinanceError.OutsideRecvWindow);
    }
}
