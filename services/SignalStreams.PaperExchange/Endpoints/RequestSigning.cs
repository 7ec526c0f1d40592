using System.Globalization;
using SignalStreams.Exchange.Binance;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>
/// Binance's SIGNED checks: API key header, HMAC-SHA256 signature of the total parameters, timestamp within recvWindow.
/// A derived per-user key (see <c>PaperAccountKeys</c>) is checked against its derived secret and opens the user's
/// account only once its signature verified.
/// </summary>
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

        var secret = state.SecretFor(apiKey);
        if (secret is null)
        {
            return (null, BinanceError.InvalidKey);
        }

        var signature = parameters["signature"];
        if (signature is null)
        {
            return (null, BinanceError.MissingParameter("signature"));
        }

        if (!BinanceSigner.Verify(secret, parameters.SignedPayload, signature))
        {
            return (null, BinanceError.InvalidSignature);
        }

        if (!long.TryParse(parameters["timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return (null, BinanceError.MissingParameter("timestamp"));
        }

        var recvWindow = 5000m;
        if (parameters["recvWindow"] is { } text && !decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out recvWindow))
        {
            return (null, BinanceError.IllegalParameter("recvWindow", "^[0-9]{1,20}$"));
        }

        if (recvWindow > 60_000)
        {
            return (null, BinanceError.RecvWindowTooLarge);
        }

        var serverTime = state.Clock.NowMs;
        return timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow
            ? (state.OpenAccount(apiKey), null)
            : (null, BinanceError.OutsideRecvWindow);
    }

    /// <summary>USER_STREAM endpoints (listen keys) need only a known API key, no signature.</summary>
    public static (PaperAccount? Account, BinanceError? Error) KeyOnly(HttpContext context, PaperExchangeState state)
    {
        var apiKey = context.Request.Headers[ApiKeyHeader].ToString();
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return (null, BinanceError.KeyFormat);
        }

        return state.SecretFor(apiKey) is null ? (null, BinanceError.InvalidKey) : (state.OpenAccount(apiKey), null);
    }

    /// <summary>Runs <paramref name="handler"/> for a verified SIGNED request, or answers Binance's error.</summary>
    public static async Task<IResult> SignedAsync(HttpContext context, PaperExchangeState state, Func<BinanceParameters, PaperAccount, Task<IResult>> handler)
    {
        var parameters = await BinanceParameters.ReadAsync(context);
        var (account, error) = Verify(context, parameters, state);
        return account is null ? error!.ToResult() : await handler(parameters, account);
    }

    public static Task<IResult> SignedAsync(HttpContext context, PaperExchangeState state, Func<BinanceParameters, PaperAccount, IResult> handler) =>
        SignedAsync(context, state, (p, a) => Task.FromResult(handler(p, a)));
}
