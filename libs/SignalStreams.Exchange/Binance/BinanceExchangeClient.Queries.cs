using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Protection;
using SignalStreams.Exchange.Streams;

namespace SignalStreams.Exchange.Binance;

/// <summary>Cancels, order queries, open orders, the position, and the user data stream (listen key, WebSocket).</summary>
internal sealed partial class BinanceExchangeClient
{
    public async Task<CancelOutcome> CancelOrderAsync(MarketType market, string symbol, string clientOrderId, bool conditional, CancellationToken cancellationToken)
    {
        var request = (market, conditional) switch
        {
            (MarketType.Futures, true) => new BinanceRequest(HttpMethod.Delete, "/fapi/v1/algoOrder", market, [Param("clientAlgoId", clientOrderId)], Signed: true),
            (MarketType.Futures, false) => new BinanceRequest(HttpMethod.Delete, "/fapi/v1/order", market, [Param("symbol", symbol), Param("origClientOrderId", clientOrderId)], Signed: true),
            _ => new BinanceRequest(HttpMethod.Delete, "/api/v3/order", market, [Param("symbol", symbol), Param("origClientOrderId", clientOrderId)], Signed: true),
        };
        return await CancelAsync(request, conditional ? "algoId" : "orderId", conditional ? "clientAlgoId" : "origClientOrderId", cancellationToken);
    }

    public Task<CancelOutcome> CancelOrderListAsync(string symbol, string listClientOrderId, CancellationToken cancellationToken) =>
        CancelAsync(new BinanceRequest(HttpMethod.Delete, "/api/v3/orderList", MarketType.Spot, [Param("symbol", symbol), Param("listClientOrderId", listClientOrderId)], Signed: true),
            "orderListId", "listClientOrderId", cancellationToken);

    public async Task<ExchangeOrder?> GetOrderAsync(MarketType market, string symbol, string clientOrderId, bool conditional, CancellationToken cancellationToken)
    {
        var request = (market, conditional) switch
        {
            (MarketType.Futures, true) => BinanceRequest.Get("/fapi/v1/algoOrder", market, true, Param("clientAlgoId", clientOrderId)),
            (MarketType.Futures, false) => BinanceRequest.Get("/fapi/v1/order", market, true, Param("symbol", symbol), Param("origClientOrderId", clientOrderId)),
            _ => BinanceRequest.Get("/api/v3/order", market, true, Param("symbol", symbol), Param("origClientOrderId", clientOrderId)),
        };
        try
        {
            using var document = await ReadJsonAsync(HostFor(market), request, cancellationToken);
            return ParseOrder(market, document.RootElement);
        }
        catch (BinanceApiException e) when (e.Code == -2013)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<ExchangeOrder>> GetOpenOrdersAsync(MarketType market, string symbol, CancellationToken cancellationToken)
    {
        var paths = market == MarketType.Spot ? new[] { "/api/v3/openOrders" } : ["/fapi/v1/openOrders", "/fapi/v1/openAlgoOrders"];
        var orders = new List<ExchangeOrder>();
        foreach (var path in paths)
        {
            using var document = await ReadJsonAsync(HostFor(market), BinanceRequest.Get(path, market, true, Param("symbol", symbol)), cancellationToken);
            orders.AddRange(document.RootElement.EnumerateArray().Select(o => ParseOrder(market, o)));
        }

        return orders;
    }

    public async Task<FuturesPosition> GetPositionAsync(string symbol, CancellationToken cancellationToken)
    {
        using var document = await ReadJsonAsync(futures, BinanceRequest.Get("/fapi/v3/positionRisk", MarketType.Futures, true, Param("symbol", symbol)), cancellationToken);
        foreach (var row in document.RootElement.EnumerateArray())
        {
            if (BinanceJson.String(row, "symbol") == symbol && BinanceJson.String(row, "positionSide") is null or "BOTH")
            {
                return new FuturesPosition(symbol, BinanceJson.Decimal(row, "positionAmt"), BinanceJson.Decimal(row, "entryPrice"), BinanceJson.Decimal(row, "markPrice"), BinanceJson.Decimal(row, "unRealizedProfit"));
            }
        }

        // positionRisk v3 lists only symbols with a position.
        return new FuturesPosition(symbol, 0m, 0m, 0m, 0m);
    }

    public async Task<string> StartUserDataStreamAsync(CancellationToken cancellationToken)
    {
        using var document = await ReadJsonAsync(futures, new BinanceRequest(HttpMethod.Post, "/fapi/v1/listenKey", MarketType.Futures, [], Signed: false, KeyOnly: true), cancellationToken);
        return BinanceJson.String(document.RootElement, "listenKey") ?? throw new BinanceApiException(ExchangeFailureKind.InvalidResponse, "/fapi/v1/listenKey", null, null, "No listenKey in the answer.");
    }

    public async Task KeepAliveUserDataStreamAsync(CancellationToken cancellationToken)
    {
        using var _ = await ReadJsonAsync(futures, new BinanceRequest(HttpMethod.Put, "/fapi/v1/listenKey", MarketType.Futures, [], Signed: false, KeyOnly: true), cancellationToken);
    }

    public async Task CloseUserDataStreamAsync(CancellationToken cancellationToken)
    {
        using var _ = await ReadJsonAsync(futures, new BinanceRequest(HttpMethod.Delete, "/fapi/v1/listenKey", MarketType.Futures, [], Signed: false, KeyOnly: true), cancellationToken);
    }

    public async Task<UserDataStreamReader> ConnectUserDataStreamAsync(MarketType market, CancellationToken cancellationToken)
    {
        if (market == MarketType.Futures)
        {
            var listenKey = await StartUserDataStreamAsync(cancellationToken);
            return await UserDataStreamReader.ConnectAsync(new Uri(endpoints.FuturesStream.AbsoluteUri.TrimEnd('/') + "/ws/" + listenKey), null, cancellationToken);
        }

        // Spot: the WebSocket API's signature subscription; its params are signed sorted by name.
        await transport.SyncClockAsync(spot, MarketType.Spot, force: false, cancellationToken);
        var timestamp = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() + (spot.ClockOffsetMs ?? 0);
        var payload = $"apiKey={credentials.ApiKey}&timestamp={timestamp}";
        var subscribe = JsonSerializer.Serialize(new
        {
            id = Guid.NewGuid().ToString("N"),
            method = "userDataStream.subscribe.signature",
            @params = new { apiKey = credentials.ApiKey, timestamp, signature = BinanceSigner.Sign(credentials.ApiSecret, payload) },
        });
        return await UserDataStreamReader.ConnectAsync(endpoints.SpotWebSocketApi, subscribe, cancellationToken);
    }

    private async Task<CancelOutcome> CancelAsync(BinanceRequest request, string idName, string clientIdName, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await ReadJsonAsync(HostFor(request.Market), request, cancellationToken);
            var root = document.RootElement;
            return new CancelOutcome.Cancelled(BinanceJson.String(root, idName) ?? "", BinanceJson.String(root, clientIdName) ?? BinanceJson.String(root, "listClientOrderId") ?? "");
        }
        catch (BinanceApiException e) when (e.Code is -2011 or -2013)
        {
            return new CancelOutcome.NotOpen(e.Code, e.BinanceMessage);
        }
        catch (BinanceApiException e) when (e.Kind is not ExchangeFailureKind.Rejected and not ExchangeFailureKind.Unauthorized)
        {
            return new CancelOutcome.Unknown(e.Message);
        }
    }

    private static ExchangeOrder ParseOrder(MarketType market, JsonElement o)
    {
        var algo = o.TryGetProperty("algoId", out _);
        var executed = algo ? BinanceJson.Decimal(o, "actualQty") : BinanceJson.Decimal(o, "executedQty");
        var quote = BinanceJson.Decimal(o, market == MarketType.Spot ? "cummulativeQuoteQty" : "cumQuote");
        return new ExchangeOrder
        {
            Market = market,
            Symbol = BinanceJson.String(o, "symbol") ?? "",
            OrderId = BinanceJson.String(o, algo ? "algoId" : "orderId") ?? "",
            ClientOrderId = BinanceJson.String(o, algo ? "clientAlgoId" : "clientOrderId") ?? "",
            Type = BinanceJson.String(o, algo ? "orderType" : "type") ?? "",
            Side = BinanceJson.String(o, "side") ?? "",
            Status = BinanceJson.String(o, algo ? "algoStatus" : "status") ?? "",
            Quantity = BinanceJson.Decimal(o, algo ? "quantity" : "origQty"),
            ExecutedQuantity = executed,
            AveragePrice = algo ? BinanceJson.Decimal(o, "actualPrice") : BinanceJson.Decimal(o, "avgPrice") is > 0 and var avg ? avg : executed > 0 ? quote / executed : 0m,
            StopPrice = BinanceJson.Decimal(o, algo ? "triggerPrice" : "stopPrice"),
            ReduceOnly = o.TryGetProperty("reduceOnly", out var r) && r.ValueKind == JsonValueKind.True,
            ClosePosition = o.TryGetProperty("closePosition", out var c) && c.ValueKind == JsonValueKind.True,
            IsConditional = algo || BinanceJson.String(o, "type") is "STOP_LOSS" or "STOP_LOSS_LIMIT" or "TAKE_PROFIT" or "TAKE_PROFIT_LIMIT",
            OrderListId = o.TryGetProperty("orderListId", out _) ? BinanceJson.Long(o, "orderListId") : -1,
            ActualOrderId = algo && BinanceJson.String(o, "actualOrderId") is { Length: > 0 } actual ? actual : null,
        };
    }
}
