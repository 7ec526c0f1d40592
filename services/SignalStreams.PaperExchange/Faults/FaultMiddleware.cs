using System.Globalization;
using SignalStreams.PaperExchange.Endpoints;
using SignalStreams.PaperExchange.State;

namespace SignalStreams.PaperExchange.Faults;

/// <summary>
/// In front of every <c>/api</c> and <c>/fapi</c> request: counts request weight (X-MBX-USED-WEIGHT-1M) and applies
/// the first matching fault rule.
/// </summary>
internal sealed class FaultMiddleware(RequestDelegate next, PaperExchangeState state, PaperExchangeMetrics metrics, ILogger<FaultMiddleware> logger)
{
    private const string RateLimitMsg = "Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/fapi/", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var parameters = await BinanceParameters.ReadAsync(context);
        var apiKey = context.Request.Headers[RequestSigning.ApiKeyHeader].ToString();
        var weight = state.Rates.Add(context.Connection.RemoteIpAddress?.ToString() ?? "local", "1m", path.Contains("exchangeInfo", StringComparison.Ordinal) || path.EndsWith("/account", StringComparison.Ordinal) ? 20 : 1);
        context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = weight.ToString(CultureInfo.InvariantCulture);

        var rule = state.Faults.Match(context.Request.Method, path, apiKey, parameters["symbol"]);
        if (rule is null)
        {
            await next(context);
            return;
        }

        metrics.Fault(rule.Kind.ToString());
        logger.LogInformation("Fault {FaultId} ({Kind}) applied to {Method} {Path}", rule.Id, rule.Kind, context.Request.Method, path);
        switch (rule.Kind)
        {
            case FaultKind.Latency:
                await Task.Delay(rule.DelayMs, context.RequestAborted);
                await next(context);
                break;
            case FaultKind.Error:
                await WriteAsync(context, new BinanceError(rule.Status ?? 503, rule.Code ?? BinanceError.Internal.Code, rule.Msg ?? BinanceError.Internal.Msg));
                break;
            case FaultKind.RateLimit:
                context.Response.Headers.RetryAfter = rule.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteAsync(context, new BinanceError(rule.Status ?? 429, rule.Code ?? -1003, rule.Msg ?? RateLimitMsg));
                break;
            case FaultKind.FillThen503:
                await ProcessThenAsync(context, async buffered =>
                {
                    context.Response.Clear();
                    await WriteAsync(context, BinanceError.ExecutionUnknown);
                });
                break;
            case FaultKind.FillThenHang:
                await ProcessThenAsync(context, async buffered =>
                {
                    try
                    {
                        await Task.Delay(rule.DelayMs > 0 ? rule.DelayMs : 120_000, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up: exactly what this fault is for.
                        return;
                    }

                    buffered.Position = 0;
                    await buffered.CopyToAsync(context.Response.Body, context.RequestAborted);
                });
                break;
        }
    }

    /// <summary>Runs the endpoint (the order is processed) into a buffer, then lets <paramref name="after"/> decide what the client gets.</summary>
    private async Task ProcessThenAsync(HttpContext context, Func<MemoryStream, Task> after)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        await after(buffer);
    }

    private static Task WriteAsync(HttpContext context, BinanceError error)
    {
        context.Response.StatusCode = error.HttpStatus;
        return context.Response.WriteAsJsonAsync(new BinanceErrorBody(error.Code, error.Msg), context.RequestAborted);
    }
}
