using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;

namespace SignalStreams.Exchange.Binance;

/// <summary>
/// Sends one request: waits for the host's Retry-After gate, signs with a fresh timestamp (server-time offset
/// applied), runs it through the host's pipeline, records limit headers, and re-syncs the clock once on -1021
/// (a -1021 answer means the request was refused unprocessed, so sending it again is safe, orders included).
/// </summary>
internal sealed class BinanceTransport(HttpClient http, ExchangeClientOptions options, ExchangeMetrics metrics, ILogger logger)
{
    public ExchangeMetrics Metrics => metrics;

    public async Task<BinanceResponse> SendAsync(BinanceHost host, BinanceRequest request, ApiCredentials? credentials, CancellationToken cancellationToken)
    {
        if (request.Signed && credentials is null)
        {
            throw new InvalidOperationException($"{request.Path} is a signed endpoint and needs API credentials.");
        }

        var resynced = false;
        while (true)
        {
            if (request.Signed)
            {
                await SyncClockAsync(host, request.Market, force: false, cancellationToken);
            }

            var response = await ExecuteAsync(host, request, credentials, cancellationToken);
            if (request.Signed && response.Code == -1021 && !resynced)
            {
                resynced = true;
                logger.LogWarning("{Host} answered -1021 to {Path}; re-synchronising server time", host.HostLabel, request.Path);
                await SyncClockAsync(host, request.Market, force: true, cancellationToken);
                continue;
            }

            return response;
        }
    }

    public async Task SyncClockAsync(BinanceHost host, MarketType market, bool force, CancellationToken cancellationToken)
    {
        if (!force && host.ClockOffsetMs is not null)
        {
            return;
        }

        await host.ClockSyncLock.WaitAsync(cancellationToken);
        try
        {
            if (!force && host.ClockOffsetMs is not null)
            {
                return;
            }

            var path = market == MarketType.Spot ? "/api/v3/time" : "/fapi/v1/time";
            var before = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var response = await ExecuteAsync(host, BinanceRequest.Get(path, market, signed: false), null, cancellationToken);
            var after = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            if (!response.IsSuccess)
            {
                throw response.ToException(path);
            }

            using var document = JsonDocument.Parse(response.Body);
            var serverTime = BinanceJson.Long(document.RootElement, "serverTime");
            host.ClockOffsetMs = serverTime - ((before + after) / 2);
            metrics.ClockSyncs.Add(1, new KeyValuePair<string, object?>("host", host.HostLabel), new KeyValuePair<string, object?>("reason", force ? "timestamp_rejected" : "first_use"));
            logger.LogInformation("Server time of {Host} is {OffsetMs} ms from local time", host.HostLabel, host.ClockOffsetMs);
        }
        catch (JsonException e)
        {
            throw new BinanceApiException(ExchangeFailureKind.InvalidResponse, "/time", null, null, null, inner: e);
        }
        finally
        {
            host.ClockSyncLock.Release();
        }
    }

    private async Task<BinanceResponse> ExecuteAsync(BinanceHost host, BinanceRequest request, ApiCredentials? credentials, CancellationToken cancellationToken)
    {
        var state = (Transport: this, Host: host, Request: request, Credentials: credentials);
        try
        {
            if (request.PlacesOrder)
            {
                await WaitForGateAsync(host, request, cancellationToken);
                return await host.OrderPipeline.ExecuteAsync(static (s, token) => s.Transport.SendOnceAsync(s.Host, s.Request, s.Credentials, token), state, cancellationToken);
            }

            return await host.ReadRetryPipeline.ExecuteAsync(
                static async (s, token) =>
                {
                    await s.Transport.WaitForGateAsync(s.Host, s.Request, token);
                    return await s.Host.ReadAttemptPipeline.ExecuteAsync(static (inner, t) => inner.Transport.SendOnceAsync(inner.Host, inner.Request, inner.Credentials, t), s, token);
                },
                state,
                cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw new BinanceApiException(ExchangeFailureKind.Timeout, request.Path, null, null, "No answer within the timeout.", inner: e);
        }
        catch (BrokenCircuitException e)
        {
            throw new BinanceApiException(ExchangeFailureKind.CircuitOpen, request.Path, null, null, $"Circuit open for {host.HostLabel}; nothing was sent.", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new BinanceApiException(ExchangeFailureKind.Transport, request.Path, null, null, e.HttpRequestError.ToString(), inner: null);
        }
    }

    /// <summary>Waits out a Retry-After; a wait longer than MaxRetryAfter (a 418 ban) fails at once without sending.</summary>
    private async ValueTask WaitForGateAsync(BinanceHost host, BinanceRequest request, CancellationToken cancellationToken)
    {
        var remaining = host.Gate.Remaining;
        if (remaining > options.MaxRetryAfter)
        {
            throw new BinanceApiException(host.Gate.Banned ? ExchangeFailureKind.Banned : ExchangeFailureKind.RateLimited, request.Path, null, null, $"{host.HostLabel} asked to wait {remaining.TotalSeconds:0} s more; nothing was sent.", remaining);
        }

        await host.Gate.WaitAsync(cancellationToken);
    }

    private async ValueTask<BinanceResponse> SendOnceAsync(BinanceHost host, BinanceRequest request, ApiCredentials? credentials, CancellationToken token)
    {
        var query = BuildQuery(host, request, credentials);
        var url = host.BaseUrl.ToString().TrimEnd('/') + request.Path + (query.Length > 0 ? "?" + query : "");
        using var message = new HttpRequestMessage(request.Method, url);
        if (credentials is not null)
        {
            message.Headers.TryAddWithoutValidation("X-MBX-APIKEY", credentials.ApiKey);
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token);
        var body = await response.Content.ReadAsStringAsync(token);
        var status = (int)response.StatusCode;
        var endpoint = new KeyValuePair<string, object?>("endpoint", request.Method.Method + " " + request.Path);
        metrics.RequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, endpoint);
        metrics.Requests.Add(1, endpoint, new KeyValuePair<string, object?>("status", status));
        metrics.RecordLimitHeaders(host.HostLabel, response);

        var (code, msg) = response.IsSuccessStatusCode ? (null, null) : BinanceJson.Error(body);
        TimeSpan? retryAfter = null;
        if (status is 429 or 418)
        {
            retryAfter = RetryAfterOf(response) ?? TimeSpan.FromSeconds(1);
            host.Gate.Block(retryAfter.Value, banned: status == 418);
            metrics.RateLimited.Add(1, new KeyValuePair<string, object?>("host", host.HostLabel), new KeyValuePair<string, object?>("status", status));
            logger.LogWarning("{Host} answered {Status} to {Path}; waiting {RetryAfterSeconds} s before the next request", host.HostLabel, status, request.Path, retryAfter.Value.TotalSeconds);
        }

        return new BinanceResponse(status, body, code, msg, retryAfter);
    }

    private string BuildQuery(BinanceHost host, BinanceRequest request, ApiCredentials? credentials)
    {
        var query = new StringBuilder();
        foreach (var (key, value) in request.Parameters)
        {
            Append(query, key, value);
        }

        if (!request.Signed || credentials is null)
        {
            return query.ToString();
        }

        var timestamp = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() + (host.ClockOffsetMs ?? 0);
        Append(query, "recvWindow", options.RecvWindowMs.ToString(CultureInfo.InvariantCulture));
        Append(query, "timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        var signature = BinanceSigner.Sign(credentials.ApiSecret, query.ToString());
        Append(query, "signature", signature);
        return query.ToString();
    }

    private static void Append(StringBuilder query, string key, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}
