using SignalStreams.Contracts;
using SignalStreams.Exchange.Planning;

namespace SignalStreams.Exchange;

public static class ExchangeClientExtensions
{
    /// <summary>
    /// The whole sizing step for one (signal, user): symbol rules (cached), current price and available quote balance
    /// from the exchange, then <see cref="OrderPlanner.Plan"/>. Throws <see cref="Binance.BinanceApiException"/>
    /// when the exchange cannot be read (nothing was sent, so the execution may simply fail or be retried).
    /// </summary>
    public static async Task<OrderPlan> PlanMarketOrderAsync(this IExchangeClient client, Signal signal, UserSettings settings, string clientOrderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(settings);
        var rules = await client.GetSymbolRulesAsync(signal.Market, signal.Symbol, cancellationToken);
        var price = await client.GetPriceAsync(signal.Market, signal.Symbol, cancellationToken);
        var balance = await client.GetAvailableQuoteBalanceAsync(signal.Market, rules.QuoteAsset, cancellationToken);
        return OrderPlanner.Plan(OrderPlanRequest.For(signal, settings, rules, price, balance, clientOrderId));
    }
}
