using Microsoft.AspNetCore.Http.HttpResults;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>Binance's error answer: HTTP status and <c>{ "code": -1022, "msg": "..." }</c>.</summary>
public sealed record BinanceError(int HttpStatus, int Code, string Msg)
{
    public static BinanceError MissingParameter(string name) => new(400, -1102, $"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.");
    public static BinanceError IllegalParameter(string name, string legal) => new(400, -1100, $"Illegal characters found in parameter '{name}'; legal range is '{legal}'.");
    public static BinanceError InvalidSymbol { get; } = new(400, -1121, "Invalid symbol.");
    public static BinanceError InvalidSignature { get; } = new(400, -1022, "Signature for this request is not valid.");
    public static BinanceError KeyFormat { get; } = new(401, -2014, "API-key format invalid.");
    public static BinanceError InvalidKey { get; } = new(401, -2015, "Invalid API-key, IP, or permissions for action.");
    public static BinanceError OutsideRecvWindow { get; } = new(400, -1021, "Timestamp for this request is outside of the recvWindow.");
    public static BinanceError RecvWindowTooLarge { get; } = new(400, -1131, "recvWindow must be less than 60000");
    public static BinanceError OrderDoesNotExist { get; } = new(400, -2013, "Order does not exist.");
    public static BinanceError InvalidOrderType { get; } = new(400, -1116, "Invalid orderType.");
    public static BinanceError InvalidSide { get; } = new(400, -1117, "Invalid side.");
    public static BinanceError SpotDuplicate { get; } = new(400, -2010, "Duplicate order sent.");
    public static BinanceError FuturesDuplicate { get; } = new(400, -4116, "ClientOrderId is duplicated.");
    public static BinanceError SpotInsufficientBalance { get; } = new(400, -2010, "Account has insufficient balance for requested action.");
    public static BinanceError MarginInsufficient { get; } = new(400, -2019, "Margin is insufficient.");
    public static BinanceError ReduceOnlyRejected { get; } = new(400, -2022, "ReduceOnly Order is rejected.");
    public static BinanceError UnknownOrder { get; } = new(400, -2011, "Unknown order sent.");
    public static BinanceError UseAlgoEndpoint { get; } = new(400, -4120, "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.");
    public static BinanceError ListenKeyUnknown { get; } = new(400, -1125, "This listenKey does not exist.");
    public static BinanceError ExecutionUnknown { get; } = new(503, -1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.");
    public static BinanceError Internal { get; } = new(503, -1001, "Internal error; unable to process your request. Please try again.");

    public JsonHttpResult<BinanceErrorBody> ToResult() => TypedResults.Json(new BinanceErrorBody(Code, Msg), statusCode: HttpStatus);
}

/// <summary>The JSON body of <see cref="BinanceError"/>.</summary>
public sealed record BinanceErrorBody(int Code, string Msg);
