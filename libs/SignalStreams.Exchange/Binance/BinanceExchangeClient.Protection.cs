using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Protection;

namespace SignalStreams.Exchange.Binance;

/// <summary>
/// Protective orders: futures conditional orders on the algo service and spot OCOs. Each POST is sent once with the
/// same outcome model as MARKET orders: an unknown answer or a duplicate id is settled by looking the order up.
/// </summary>
internal sealed partial class BinanceExchangeClient
{
    public async Task<OrderOutcome> PlaceProtectiveOrderAsync(ProtectiveOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!ClientOrderIds.IsValid(order.ClientOrderId))
        {
            return new OrderOutcome.NotPlaced($"clientAlgoId '{order.ClientOrderId}' is not 1-32 characters of [A-Za-z0-9_-].");
        }

        if (order.Market == MarketType.Spot)
        {
            return await PlaceSpotProtectiveOrderAsync(order, cancellationToken);
        }

        List<KeyValuePair<string, string>> parameters =
        [
            Param("algoType", "CONDITIONAL"),
            Param("symbol", order.Symbol),
            Param("side", order.Side == OrderSide.Buy ? "BUY" : "SELL"),
            Param("type", order.Kind == ProtectionKind.TakeProfit ? "TAKE_PROFIT_MARKET" : "STOP_MARKET"),
            Param("triggerPrice", Text(order.TriggerPrice)),
            .. order.Quantity is { } quantity
                ? new[] { Param("quantity", Text(quantity)), Param("reduceOnly", "true") }
                : [Param("closePosition", "true")],
            Param("workingType", order.TriggerOnMarkPrice ? "MARK_PRICE" : "CONTRACT_PRICE"),
            Param("clientAlgoId", order.ClientOrderId),
        ];
        var request = new BinanceRequest(HttpMethod.Post, "/fapi/v1/algoOrder", MarketType.Futures, parameters, Signed: true, PlacesOrder: true);
        var outcome = await SendOnceAsync(futures, request, order.ClientOrderId, ParseAlgo,
            token => LookupAsync(MarketType.Futures, order.Symbol, order.ClientOrderId, conditional: true, token), cancellationToken);
        Log(MarketType.Futures, order.Kind.ToString(), order.ClientOrderId, order.Symbol, outcome);
        return outcome;
    }

    /// <summary>Spot: one STOP_LOSS / TAKE_PROFIT (market when triggered) for a holding with a single target price.</summary>
    private async Task<OrderOutcome> PlaceSpotProtectiveOrderAsync(ProtectiveOrder order, CancellationToken cancellationToken)
    {
        if (order.Quantity is not { } quantity)
        {
            return new OrderOutcome.NotPlaced("A spot stop-loss or take-profit needs a quantity (spot has no closePosition).");
        }

        List<KeyValuePair<string, string>> parameters =
        [
            Param("symbol", order.Symbol),
            Param("side", order.Side == OrderSide.Buy ? "BUY" : "SELL"),
            Param("type", order.Kind == ProtectionKind.TakeProfit ? "TAKE_PROFIT" : "STOP_LOSS"),
            Param("quantity", Text(quantity)),
            Param("stopPrice", Text(order.TriggerPrice)),
            Param("newClientOrderId", order.ClientOrderId),
            Param("newOrderRespType", "RESULT"),
        ];
        var request = new BinanceRequest(HttpMethod.Post, "/api/v3/order", MarketType.Spot, parameters, Signed: true, PlacesOrder: true);
        var outcome = await SendOnceAsync(spot, request, order.ClientOrderId, body => ParsePlaced(body, 1, foundByLookup: false),
            token => LookupAsync(MarketType.Spot, order.Symbol, order.ClientOrderId, conditional: false, token), cancellationToken);
        Log(MarketType.Spot, order.Kind.ToString(), order.ClientOrderId, order.Symbol, outcome);
        return outcome;
    }

    public async Task<OrderOutcome> PlaceOcoAsync(OcoOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!ClientOrderIds.IsValid(order.ListClientOrderId))
        {
            return new OrderOutcome.NotPlaced($"listClientOrderId '{order.ListClientOrderId}' is not 1-32 characters of [A-Za-z0-9_-].");
        }

        var (stopId, profitId) = ProtectiveOrderIds.OcoLegs(order.ListClientOrderId);
        var sell = order.Side == OrderSide.Sell;
        // SELL: take-profit above the price, stop below; BUY the mirror.
        var (stopPrefix, profitPrefix) = sell ? ("below", "above") : ("above", "below");
        List<KeyValuePair<string, string>> parameters =
        [
            Param("symbol", order.Symbol),
            Param("side", sell ? "SELL" : "BUY"),
            Param("quantity", Text(order.Quantity)),
            Param("listClientOrderId", order.ListClientOrderId),
            Param(profitPrefix + "Type", "LIMIT_MAKER"),
            Param(profitPrefix + "Price", Text(order.TakeProfitPrice)),
            Param(profitPrefix + "ClientOrderId", profitId),
            Param(stopPrefix + "Type", order.StopLimitPrice is null ? "STOP_LOSS" : "STOP_LOSS_LIMIT"),
            Param(stopPrefix + "StopPrice", Text(order.StopPrice)),
            .. order.StopLimitPrice is { } limit ? new[] { Param(stopPrefix + "Price", Text(limit)), Param(stopPrefix + "TimeInForce", "GTC") } : [],
            Param(stopPrefix + "ClientOrderId", stopId),
            Param("newOrderRespType", "RESULT"),
        ];
        var request = new BinanceRequest(HttpMethod.Post, "/api/v3/orderList/oco", MarketType.Spot, parameters, Signed: true, PlacesOrder: true);
        var outcome = await SendOnceAsync(spot, request, order.ListClientOrderId, ParseList, token => LookupListAsync(order.ListClientOrderId, token), cancellationToken);
        Log(MarketType.Spot, "OCO", order.ListClientOrderId, order.Symbol, outcome);
        return outcome;
    }

    /// <summary>One POST, then Binance's outcome rules: unknown answers are looked up, never resent.</summary>
    private async Task<OrderOutcome> SendOnceAsync(BinanceHost host, BinanceRequest request, string clientId, Func<string, OrderOutcome.Placed?> parse, Func<CancellationToken, Task<OrderOutcome>> lookup, CancellationToken cancellationToken)
    {
        BinanceResponse response;
        try
        {
            response = await transport.SendAsync(host, request, credentials, cancellationToken);
        }
        catch (BinanceApiException e) when (e.Kind is ExchangeFailureKind.CircuitOpen)
        {
            return new OrderOutcome.NotPlaced($"The exchange at {host.HostLabel} is failing (circuit open); the order was not sent.");
        }
        catch (BinanceApiException e) when (e.Kind is ExchangeFailureKind.RateLimited or ExchangeFailureKind.Banned)
        {
            return new OrderOutcome.NotPlaced($"The exchange asked to wait {e.RetryAfter?.TotalSeconds:0} s ({e.Kind}); the order was not sent.", e.Code, e.BinanceMessage, e.RetryAfter);
        }
        catch (BinanceApiException e) when (e.Kind is ExchangeFailureKind.Timeout or ExchangeFailureKind.Transport)
        {
            return await SettleAsync(lookup, clientId, $"No answer to the order ({e.Kind})", null, options.LookupAttempts, cancellationToken);
        }

        if (response.IsSuccess)
        {
            return parse(response.Body) ?? await SettleAsync(lookup, clientId, "The order answer could not be read", null, options.LookupAttempts, cancellationToken);
        }

        if (response.IsOutcomeUnknown)
        {
            return await SettleAsync(lookup, clientId, $"The exchange answered HTTP {response.StatusCode}", null, options.LookupAttempts, cancellationToken);
        }

        return response.Code is -2010 or -4116
            ? await SettleAsync(lookup, clientId, $"The exchange refused the order ({response.Code}: {response.Msg})", response, 1, cancellationToken)
            : new OrderOutcome.NotPlaced(Refusal(response), response.Code, response.Msg, response.RetryAfter);
    }

    private async Task<OrderOutcome> SettleAsync(Func<CancellationToken, Task<OrderOutcome>> lookup, string clientId, string why, BinanceResponse? refusal, int attempts, CancellationToken cancellationToken)
    {
        OrderOutcome last = new OrderOutcome.Unknown(why);
        for (var attempt = 1; attempt <= Math.Max(1, attempts); attempt++)
        {
            last = await lookup(cancellationToken);
            transport.Metrics.Lookups.Add(1, new KeyValuePair<string, object?>("result", OutcomeLabel(last)));
            if (last is OrderOutcome.Placed placed)
            {
                return placed with { FoundByLookup = true };
            }

            if (attempt < attempts)
            {
                await Task.Delay(options.LookupDelay * attempt, options.TimeProvider, cancellationToken);
            }
        }

        return last switch
        {
            OrderOutcome.NotPlaced when refusal is not null => new OrderOutcome.NotPlaced(Refusal(refusal), refusal.Code, refusal.Msg, refusal.RetryAfter),
            OrderOutcome.NotPlaced notFound => new OrderOutcome.NotPlaced($"{why}; the exchange does not know {clientId} after {attempts} lookups, so the order was not placed.", notFound.Code, notFound.Msg),
            OrderOutcome.Unknown unknown => new OrderOutcome.Unknown($"{why}; looking the order up failed too: {unknown.Reason}"),
            _ => last,
        };
    }

    private async Task<OrderOutcome> LookupAsync(MarketType market, string symbol, string clientId, bool conditional, CancellationToken cancellationToken)
    {
        try
        {
            return await GetOrderAsync(market, symbol, clientId, conditional, cancellationToken) is { } found
                ? new OrderOutcome.Placed(found.OrderId, found.ClientOrderId, found.Status, found.AveragePrice, found.ExecutedQuantity, null, options.TimeProvider.GetUtcNow(), FoundByLookup: true)
                : new OrderOutcome.NotPlaced($"The exchange does not know {clientId}.", -2013, "Order does not exist.");
        }
        catch (BinanceApiException e)
        {
            return new OrderOutcome.Unknown($"lookup of {clientId} failed ({e.Kind})");
        }
    }

    private async Task<OrderOutcome> LookupListAsync(string listClientOrderId, CancellationToken cancellationToken)
    {
        var request = BinanceRequest.Get("/api/v3/orderList", MarketType.Spot, true, Param("origClientOrderId", listClientOrderId));
        try
        {
            var response = await transport.SendAsync(spot, request, credentials, cancellationToken);
            return response switch
            {
                { IsSuccess: true } => (OrderOutcome?)ParseList(response.Body) ?? new OrderOutcome.Unknown($"lookup of {listClientOrderId} answered something unreadable"),
                { Code: -2011 or -2013 } => new OrderOutcome.NotPlaced($"The exchange does not know order list {listClientOrderId}.", -2013, response.Msg),
                _ => new OrderOutcome.Unknown($"lookup of {listClientOrderId} answered HTTP {response.StatusCode}"),
            };
        }
        catch (BinanceApiException e)
        {
            return new OrderOutcome.Unknown($"lookup of {listClientOrderId} failed ({e.Kind})");
        }
    }

    private OrderOutcome.Placed? ParseAlgo(string body) => ParseWith(body, root => new OrderOutcome.Placed(
        BinanceJson.String(root, "algoId") ?? "", BinanceJson.String(root, "clientAlgoId") ?? "", BinanceJson.String(root, "algoStatus") ?? "NEW",
        0m, 0m, null, Time(BinanceJson.Long(root, "createTime"))));

    private OrderOutcome.Placed? ParseList(string body) => ParseWith(body, root => new OrderOutcome.Placed(
        BinanceJson.String(root, "orderListId") ?? "", BinanceJson.String(root, "listClientOrderId") ?? "", BinanceJson.String(root, "listOrderStatus") ?? "EXECUTING",
        0m, 0m, 1, Time(BinanceJson.Long(root, "transactionTime"))));

    private static OrderOutcome.Placed? ParseWith(string body, Func<JsonElement, OrderOutcome.Placed> read)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private DateTimeOffset Time(long ms) => ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : options.TimeProvider.GetUtcNow();

    private void Log(MarketType market, string what, string clientId, string symbol, OrderOutcome outcome)
    {
        transport.Metrics.Orders.Add(1, new KeyValuePair<string, object?>("market", market.ToString()), new KeyValuePair<string, object?>("outcome", OutcomeLabel(outcome)));
        logger.LogInformation("{What} {ClientOrderId} on {Symbol}: {Outcome}", what, clientId, symbol, OutcomeLabel(outcome));
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
