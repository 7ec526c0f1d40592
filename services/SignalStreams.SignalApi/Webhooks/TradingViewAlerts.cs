using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SignalStreams.Contracts;

namespace SignalStreams.SignalApi.Webhooks;

/// <summary>
/// How a TradingView alert becomes a signal: the deterministic signalId, the ticker → symbol/market mapping and the
/// wire names TradingView's placeholders produce (any case).
/// </summary>
internal static partial class TradingViewAlerts
{
    public const string SourceIdRule = "sourceId must be 1-32 characters of A-Z, a-z, 0-9, '_', '.' or '-'.";
    public const int MaxAlertIdLength = 256;
    public const int MaxExpiresInMinutes = 1440;
    public const string OriginKind = "tradingview";

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,32}$")]
    private static partial Regex SourceIdPattern();

    [GeneratedRegex("^[A-Z0-9]{2,20}$")]
    private static partial Regex SymbolPattern();

    public static bool IsValidSourceId(string? sourceId) => sourceId is not null && SourceIdPattern().IsMatch(sourceId);

    public static bool IsContractSymbol(string? symbol) => symbol is not null && SymbolPattern().IsMatch(symbol);

    /// <summary>
    /// <c>tv-{sourceId}-{24 hex of SHA-256(sourceId \n alertId)}</c>: at most 60 characters of the contract's signalId
    /// alphabet, the same for every delivery of one alert, different across sources that reuse an alert id.
    /// </summary>
    public static string SignalIdOf(string sourceId, string alertId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sourceId + "\n" + alertId));
        return $"tv-{sourceId}-{Convert.ToHexStringLower(hash)[..24]}";
    }

    /// <summary>The source recorded on the signal.</summary>
    public static string SourceNameOf(string sourceId) => "tradingview:" + sourceId;

    public static SignalStrength? ParseStrength(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "WEAK" => SignalStrength.Weak,
        "MODERATE" => SignalStrength.Moderate,
        "STRONG" => SignalStrength.Strong,
        "VERY_STRONG" => SignalStrength.VeryStrong,
        _ => null,
    };

    public static MarketType? ParseMarket(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "FUTURES" => MarketType.Futures,
        "SPOT" => MarketType.Spot,
        _ => null,
    };

    public static OrderSide? ParseSide(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "BUY" => OrderSide.Buy,
        "SELL" => OrderSide.Sell,
        _ => null,
    };

    public static TradingViewAction? ParseAction(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or "OPEN" => TradingViewAction.Open,
        "CANCEL" => TradingViewAction.Cancel,
        "CLOSE" => TradingViewAction.Close,
        _ => null,
    };

    /// <summary>
    /// The exchange symbol and market of a ticker: the configured map first (exact ticker, any case), else TradingView's
    /// perpetual suffix <c>.P</c> means FUTURES on the symbol before it, else the ticker itself, upper-cased. An exchange
    /// prefix (<c>BINANCE:BTCUSDT.P</c>) is dropped first. A null market means "not implied by the ticker".
    /// </summary>
    public static (string Symbol, MarketType? Market) MapTicker(string ticker, IReadOnlyDictionary<string, TradingViewSymbolOptions> map)
    {
        var bare = ticker.Trim();
        var colon = bare.LastIndexOf(':');
        if (colon >= 0)
        {
            bare = bare[(colon + 1)..];
        }

        if (map.TryGetValue(bare, out var mapped) || map.TryGetValue(ticker.Trim(), out mapped))
        {
            return (mapped.Symbol, ParseMarket(mapped.Market));
        }

        return bare.EndsWith(".P", StringComparison.OrdinalIgnoreCase)
            ? (bare[..^2].ToUpperInvariant(), MarketType.Futures)
            : (bare.ToUpperInvariant(), null);
    }

    /// <summary>
    /// The signal an <c>open</c> alert asks for, or every problem with the message (by the message's field names).
    /// The secret has been checked before; it is not looked at here.
    /// </summary>
    public static ValidationResult<SignalDraft> ToDraft(string sourceId, TradingViewAlertMessage message, TradingViewSourceOptions source, IReadOnlyDictionary<string, TradingViewSymbolOptions> map, DateTimeOffset now)
    {
        var problems = new List<ValidationProblem>();
        var (symbol, impliedMarket) = string.IsNullOrWhiteSpace(message.Ticker) ? ("", null) : MapTicker(message.Ticker, map);
        var side = ParseSide(message.Side);
        var market = string.IsNullOrWhiteSpace(message.Market) ? impliedMarket ?? MarketType.Futures : ParseMarket(message.Market);
        var strength = string.IsNullOrWhiteSpace(message.Strength) ? ParseStrength(source.Strength) : ParseStrength(message.Strength);
        Check(!string.IsNullOrWhiteSpace(message.Ticker), "ticker", "ticker is required (e.g. {{ticker}}).");
        Check(string.IsNullOrWhiteSpace(message.Ticker) || IsContractSymbol(symbol), "ticker", $"ticker maps to '{symbol}', which is not a symbol of 2-20 characters of A-Z and 0-9; add it to Webhooks:TradingView:SymbolMap.");
        Check(side is not null, "side", "side is required: buy or sell (e.g. {{strategy.order.action}}).");
        Check(message.Price is > 0, "price", "price is required and must be greater than 0 (e.g. {{close}}).");
        Check(market is not null, "market", "market must be FUTURES or SPOT.");
        Check(strength is not null, "strength", "strength must be WEAK, MODERATE, STRONG or VERY_STRONG.");
        Check(message.ExpiresInMinutes is null or >= 1 and <= MaxExpiresInMinutes, "expiresInMinutes", $"expiresInMinutes must be between 1 and {MaxExpiresInMinutes}.");
        if (problems.Count > 0)
        {
            return ValidationResult<SignalDraft>.Invalid(problems);
        }

        var createdAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var draft = new SignalDraft
        {
            SignalId = SignalIdOf(sourceId, message.Id!),
            Source = SourceNameOf(sourceId),
            Symbol = symbol,
            Market = market,
            Side = side,
            EntryPrice = message.Price,
            Strength = strength,
            Leverage = message.Leverage,
            StopLoss = message.StopLoss,
            TakeProfit = message.TakeProfit,
            Status = SignalStatus.Active,
            CreatedAt = createdAt,
            ExpiresAt = createdAt + (message.ExpiresInMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : SignalDraft.DefaultLifetime),
            Origin = new SignalOrigin { Kind = OriginKind },
        };
        return ValidationResult<SignalDraft>.Valid(draft);

        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                problems.Add(new ValidationProblem(field, message));
            }
        }
    }
}

/// <summary>What an alert asks for.</summary>
internal enum TradingViewAction
{
    Open,
    Cancel,
    Close,
}
