using System.Text.Json;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;

namespace SignalStreams.Exchange.Binance;

/// <summary>
/// Order placement. The POST is sent exactly once. When its outcome is unknown (timeout, transport failure, 5xx,
/// -1006/-1007) or the exchange calls it a duplicate (-2010/-4116), the order is looked up by origClientOrderId,
/// with retries because that endpoint is eventually consistent.
/// </summary>
internal sealed partial class BinanceExchangeClient
{
    private static readonly HashSet<string> EndedWithoutFill = new(StringComparer.Ordinal) { "EXPIRED", "REJECTED", "CANCELED", "EXPIRED_IN_MATCH" };

    public async Task<OrderOutcome> PlaceMarketOrderAsync(MarketOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var outcome = await PlaceAsync(order, cancellationToken);
        transport.Metrics.Orders.Add(1, new KeyValuePair<string, object?>("market", order.Market.ToString()), new KeyValuePair<string, object?>("outcome", OutcomeLabel(outcome)));
        switch (outcome)
        {
            case OrderOutcome.Placed placed:
                logger.LogInformation("Order {ClientOrderId} {Side} {Quantity} {Symbol} placed as {OrderId} at {AveragePrice} (found by lookup: {FoundByLookup})", order.ClientOrderId, order.Side, order.QuantityText, order.Symbol, placed.OrderId, placed.AveragePrice, placed.FoundByLookup);
                break;
            case OrderOutcome.NotPlaced notPlaced:
                logger.LogWarning("Order {ClientOrderId} on {Symbol} not placed: {Reason}", order.ClientOrderId, order.Symbol, notPlaced.Reason);
                break;
            case OrderOutcome.Unknown unknown:
                logger.LogError("Order {ClientOrderId} on {Symbol} outcome unknown: {Reason}", order.ClientOrderId, order.Symbol, unknown.Reason);
                break;
        }

        return outcome;
    }

    public async Task<OrderOutcome> LookupOrderAsync(MarketType market, string symbol, string clientOrderId, CancellationToken cancellationToken)
    {
        var outcome = await LookupOnceAsync(market, symbol, clientOrderId, market == MarketType.Spot ? 1 : null, cancellationToken);
        transport.Metrics.Lookups.Add(1, new KeyValuePair<string, object?>("result", OutcomeLabel(outcome)));
        return outcome;
    }

    private async Task<OrderOutcome> PlaceAsync(MarketOrder order, CancellationToken cancellationToken)
    {
        if (!ClientOrderIds.IsValid(order.ClientOrderId))
        {
            return new OrderOutcome.NotPlaced($"clientOrderId '{order.ClientOrderId}' is not 1-32 characters of [A-Za-z0-9_-].");
        }

        int? leverage = order.Market == MarketType.Spot ? 1 : null;
        if (order.Market == MarketType.Futures && order.Leverage is { } wanted)
        {
            try
            {
                leverage = await SetLeverageAsync(order.Symbol, wanted, cancellationToken);
            }
            catch (BinanceApiException e)
            {
                return new OrderOutcome.NotPlaced($"Leverage {wanted} could not be set on {order.Symbol}, so no order was sent: {e.BinanceMessage ?? e.Kind.ToString()}", e.Code, e.BinanceMessage, e.RetryAfter);
            }
        }

        var spotOrder = order.Market == MarketType.Spot;
        var request = new BinanceRequest(
            HttpMethod.Post,
            spotOrder ? "/api/v3/order" : "/fapi/v1/order",
            order.Market,
            [
                Param("symbol", order.Symbol),
                Param("side", order.Side == OrderSide.Buy ? "BUY" : "SELL"),
                Param("type", "MARKET"),
                Param("quantity", order.QuantityText),
                .. (order.ReduceOnly && !spotOrder ? [Param("reduceOnly", "true")] : Array.Empty<KeyValuePair<string, string>>()),
                Param("newClientOrderId", order.ClientOrderId),
                Param("newOrderRespType", spotOrder ? "FULL" : "RESULT"),
            ],
            Signed: true,
            PlacesOrder: true);

        BinanceResponse response;
        try
        {
            response = await transport.SendAsync(HostFor(order.Market), request, credentials, cancellationToken);
        }
        catch (BinanceApiException e) when (e.Kind is ExchangeFailureKind.CircuitOpen)
        {
            return new OrderOutcome.NotPlaced($"The exchange at {HostFor(order.Market).HostLabel} is failing (circuit open); the order was not sent.");
        }
        catch (BinanceApiException e) when (e.Kind is ExchangeFailureKind.RateLimited or ExchangeFailureKind.Banned)
        {
            return new OrderOutcome.NotPlaced($"The exchange asked to wait {e.RetryAfter?.TotalSeconds:0} s ({e.Kind}); the order was not sent.", e.Code, e.BinanceMessage, e.RetryAfter);
        }
        catch (BinanceApiException e) when (e.Kind is ExchangeFailureKind.Timeout or ExchangeFailureKind.Transport)
        {
            return await ResolveAsync(order, leverage, $"No answer to the order ({e.Kind})", null, options.LookupAttempts, cancellationToken);
        }

        if (response.IsSuccess)
        {
            return ParsePlaced(response.Body, leverage, foundByLookup: false)
                ?? await ResolveAsync(order, leverage, "The order answer could not be read", null, options.LookupAttempts, cancellationToken);
        }

        if (response.IsOutcomeUnknown)
        {
            return await ResolveAsync(order, leverage, $"The exchange answered HTTP {response.StatusCode}{(response.Code is null ? "" : $" ({response.Code})")}", null, options.LookupAttempts, cancellationToken);
        }

        if (response.Code is -2010 or -4116)
        {
            // A duplicate means an order with this clientOrderId exists now, so one lookup settles it; any other
            // -2010 (e.g. insufficient balance) is not found and stays a refusal with the exchange's own words.
            return await ResolveAsync(order, leverage, $"The exchange refused the order ({response.Code}: {response.Msg})", response, 1, cancellationToken);
        }

        return new OrderOutcome.NotPlaced(Refusal(response), response.Code, response.Msg, response.RetryAfter);
    }

    private async Task<OrderOutcome> ResolveAsync(MarketOrder order, int? leverage, string why, BinanceResponse? refusal, int attempts, CancellationToken cancellationToken)
    {
        OrderOutcome last = new OrderOutcome.Unknown(why);
        for (var attempt = 1; attempt <= Math.Max(1, attempts); attempt++)
        {
            last = await LookupOnceAsync(order.Market, order.Symbol, order.ClientOrderId, leverage, cancellationToken);
            transport.Metrics.Lookups.Add(1, new KeyValuePair<string, object?>("result", OutcomeLabel(last)));
            if (last is OrderOutcome.Placed placed)
            {
                return placed with { FoundByLookup = true };
            }

            if (last is OrderOutcome.NotPlaced { Code: not -2013 })
            {
                return last;
            }

            if (attempt < attempts)
            {
                await Task.Delay(options.LookupDelay * attempt, options.TimeProvider, cancellationToken);
            }
        }

        return last switch
        {
            OrderOutcome.NotPlaced when refusal is not null => new OrderOutcome.NotPlaced(Refusal(refusal), refusal.Code, refusal.Msg, refusal.RetryAfter),
            OrderOutcome.NotPlaced notFound => new OrderOutcome.NotPlaced($"{why}; the exchange does not know clientOrderId {order.ClientOrderId} after {attempts} lookups, so the order was not placed.", notFound.Code, notFound.Msg),
            OrderOutcome.Unknown unknown => new OrderOutcome.Unknown($"{why}; looking the order up failed too: {unknown.Reason}"),
            _ => last,
        };
    }

    private async Task<OrderOutcome> LookupOnceAsync(MarketType market, string symbol, string clientOrderId, int? leverage, CancellationToken cancellationToken)
    {
        var request = BinanceRequest.Get(market == MarketType.Spot ? "/api/v3/order" : "/fapi/v1/order", market, true, Param("symbol", symbol), Param("origClientOrderId", clientOrderId));
        BinanceResponse response;
        try
        {
            response = await transport.SendAsync(HostFor(market), request, credentials, cancellationToken);
        }
        catch (BinanceApiException e)
        {
            return new OrderOutcome.Unknown($"lookup of {clientOrderId} failed ({e.Kind})");
        }

        if (response.IsSuccess)
        {
            var placed = ParsePlaced(response.Body, leverage, foundByLookup: true);
            return placed switch
            {
                null => new OrderOutcome.Unknown($"lookup of {clientOrderId} answered something unreadable"),
                { ExecutedQuantity: 0 } when EndedWithoutFill.Contains(placed.Status) => new OrderOutcome.NotPlaced($"Order {placed.OrderId} ({clientOrderId}) ended {placed.Status} without a fill."),
                _ => placed,
            };
        }

        return response.Code == -2013
            ? new OrderOutcome.NotPlaced($"The exchange does not know clientOrderId {clientOrderId}.", response.Code, response.Msg)
            : new OrderOutcome.Unknown($"lookup of {clientOrderId} answered HTTP {response.StatusCode}{(response.Code is null ? "" : $" ({response.Code}: {response.Msg})")}");
    }

    /// <summary>Spot FULL/RESULT and query answers (cummulativeQuoteQty, fills) and futures RESULT/query answers (avgPrice, cumQuote).</summary>
    private OrderOutcome.Placed? ParsePlaced(string body, int? leverage, bool foundByLookup)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var executed = BinanceJson.Decimal(root, "executedQty");
            var quote = root.TryGetProperty("cummulativeQuoteQty", out _) ? BinanceJson.Decimal(root, "cummulativeQuoteQty") : BinanceJson.Decimal(root, "cumQuote");
            var average = BinanceJson.Decimal(root, "avgPrice");
            if (average <= 0 && executed > 0)
            {
                average = quote > 0 ? quote / executed : AverageOfFills(root, executed);
            }

            var time = new[] { "transactTime", "updateTime", "time" }.Select(name => BinanceJson.Long(root, name)).FirstOrDefault(t => t > 0);
            return new OrderOutcome.Placed(
                BinanceJson.String(root, "orderId") ?? "",
                BinanceJson.String(root, "clientOrderId") ?? "",
                BinanceJson.String(root, "status") ?? "UNKNOWN",
                average,
                executed,
                leverage,
                time > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(time) : options.TimeProvider.GetUtcNow(),
                foundByLookup);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static decimal AverageOfFills(JsonElement root, decimal executed)
    {
        if (!root.TryGetProperty("fills", out var fills) || fills.ValueKind != JsonValueKind.Array)
        {
            return 0m;
        }

        var quote = fills.EnumerateArray().Sum(f => BinanceJson.Decimal(f, "price") * BinanceJson.Decimal(f, "qty"));
        return quote / executed;
    }

    private static string Refusal(BinanceResponse response) =>
        response.Msg is null ? $"The exchange refused the order with HTTP {response.StatusCode}." : $"The exchange refused the order: {response.Msg} ({response.Code}).";

    private static string OutcomeLabel(OrderOutcome outcome) => outcome switch
    {
        OrderOutcome.Placed => "placed",
        OrderOutcome.NotPlaced => "not_placed",
        _ => "unknown",
    };
}
