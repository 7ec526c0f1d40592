using System.Text.Json;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;

namespace SignalStreams.Exchange.Binance;

/// <summary>Binance spot + USDⓈ-M futures for one key pair. Reads here; order placement and lookup in the Orders part.</summary>
internal sealed partial class BinanceExchangeClient(
    BinanceHost spot,
    BinanceHost futures,
    ExchangeEndpoints endpoints,
    ApiCredentials credentials,
    BinanceTransport transport,
    ExchangeClientOptions options,
    ILogger logger) : IExchangeClient
{
    public async Task<decimal> GetAvailableQuoteBalanceAsync(MarketType market, string quoteAsset, CancellationToken cancellationToken)
    {
        if (market == MarketType.Spot)
        {
            using var account = await ReadJsonAsync(spot, BinanceRequest.Get("/api/v3/account", market, signed: true), cancellationToken);
            foreach (var balance in account.RootElement.GetProperty("balances").EnumerateArray())
            {
                if (BinanceJson.String(balance, "asset") == quoteAsset)
                {
                    return BinanceJson.Decimal(balance, "free");
                }
            }

            return 0m;
        }

        using var balances = await ReadJsonAsync(futures, BinanceRequest.Get("/fapi/v3/balance", market, signed: true), cancellationToken);
        foreach (var balance in balances.RootElement.EnumerateArray())
        {
            if (BinanceJson.String(balance, "asset") == quoteAsset)
            {
                return BinanceJson.Decimal(balance, "availableBalance");
            }
        }

        return 0m;
    }

    public async Task<decimal> GetPriceAsync(MarketType market, string symbol, CancellationToken cancellationToken)
    {
        var path = market == MarketType.Spot ? "/api/v3/ticker/price" : "/fapi/v2/ticker/price";
        using var ticker = await ReadJsonAsync(HostFor(market), BinanceRequest.Get(path, market, false, Param("symbol", symbol)), cancellationToken);
        var root = ticker.RootElement.ValueKind == JsonValueKind.Array ? ticker.RootElement[0] : ticker.RootElement;
        return BinanceJson.Decimal(root, "price");
    }

    public async Task<SymbolRules> GetSymbolRulesAsync(MarketType market, string symbol, CancellationToken cancellationToken)
    {
        var host = HostFor(market);
        if (host.Rules.TryGetValue((market, symbol), out var cached) && options.TimeProvider.GetUtcNow() - cached.FetchedAt < options.ExchangeInfoTtl)
        {
            return cached.Rules;
        }

        var path = market == MarketType.Spot ? "/api/v3/exchangeInfo" : "/fapi/v1/exchangeInfo";
        // Spot answers for one symbol; futures only lists every symbol, which fills the cache for all of them.
        var request = market == MarketType.Spot
            ? BinanceRequest.Get(path, market, false, Param("symbol", symbol))
            : BinanceRequest.Get(path, market, false);
        using var info = await ReadJsonAsync(host, request, cancellationToken);
        var now = options.TimeProvider.GetUtcNow();
        SymbolRules? found = null;
        foreach (var element in info.RootElement.GetProperty("symbols").EnumerateArray())
        {
            var rules = SymbolRulesParser.Parse(market, element);
            if (rules.Symbol == symbol)
            {
                found = rules;
            }
            else
            {
                host.Rules[(market, rules.Symbol)] = (rules, now);
            }
        }

        if (found is null)
        {
            throw new BinanceApiException(ExchangeFailureKind.Rejected, path, null, -1121, $"Invalid symbol {symbol}.");
        }

        if (market == MarketType.Futures)
        {
            found = found with { MaxLeverage = await MaxLeverageAsync(symbol, cancellationToken) };
        }

        host.Rules[(market, symbol)] = (found, now);
        return found;
    }

    public async Task<int> SetLeverageAsync(string symbol, int leverage, CancellationToken cancellationToken)
    {
        // Setting a value is idempotent, so this POST may be retried like a read.
        var request = new BinanceRequest(HttpMethod.Post, "/fapi/v1/leverage", MarketType.Futures, [Param("symbol", symbol), Param("leverage", leverage.ToString(System.Globalization.CultureInfo.InvariantCulture))], Signed: true);
        using var answer = await ReadJsonAsync(futures, request, cancellationToken);
        return (int)BinanceJson.Long(answer.RootElement, "leverage");
    }

    private async Task<int?> MaxLeverageAsync(string symbol, CancellationToken cancellationToken)
    {
        try
        {
            using var brackets = await ReadJsonAsync(futures, BinanceRequest.Get("/fapi/v1/leverageBracket", MarketType.Futures, true, Param("symbol", symbol)), cancellationToken);
            var entry = brackets.RootElement.ValueKind == JsonValueKind.Array ? brackets.RootElement[0] : brackets.RootElement;
            return entry.GetProperty("brackets").EnumerateArray().Select(b => (int)BinanceJson.Long(b, "initialLeverage")).DefaultIfEmpty(0).Max() is var max and > 0 ? max : null;
        }
        catch (BinanceApiException e) when (e.Kind == ExchangeFailureKind.Rejected)
        {
            logger.LogWarning("Leverage brackets of {Symbol} unavailable ({Code}); leverage is not capped client-side", symbol, e.Code);
            return null;
        }
    }

    private BinanceHost HostFor(MarketType market) => market == MarketType.Spot ? spot : futures;

    private async Task<JsonDocument> ReadJsonAsync(BinanceHost host, BinanceRequest request, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(host, request, request.Signed || request.KeyOnly ? credentials : null, cancellationToken);
        if (!response.IsSuccess)
        {
            throw response.ToException(request.Path);
        }

        try
        {
            return JsonDocument.Parse(response.Body);
        }
        catch (JsonException e)
        {
            throw new BinanceApiException(ExchangeFailureKind.InvalidResponse, request.Path, (System.Net.HttpStatusCode)response.StatusCode, null, "The answer is not JSON.", inner: e);
        }
    }

    private static KeyValuePair<string, string> Param(string key, string value) => new(key, value);
}
