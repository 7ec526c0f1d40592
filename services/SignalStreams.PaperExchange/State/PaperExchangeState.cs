using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.PaperExchange.Options;
using SignalStreams.PaperExchange.Streams;

namespace SignalStreams.PaperExchange.State;

/// <summary>
/// Everything the paper exchange holds: accounts, symbols, prices, orders, faults, user data streams and its clock.
/// Tests reach it through the host handle. <see cref="Sync"/> serialises every change of balances, positions and
/// orders, so matching is deterministic.
/// </summary>
public sealed class PaperExchangeState
{
    public const string DemoApiKey = "paper-demo-key";
    public const string DemoApiSecret = "paper-demo-secret";

    private readonly Dictionary<string, PaperAccount> _accounts = new(StringComparer.Ordinal);
    private readonly List<PaperAccountOptions> _operators = [];
    private readonly Dictionary<(MarketType, string), PaperSymbol> _symbols = [];

    public PaperExchangeState(IOptions<PaperExchangeOptions> options, TimeProvider time)
    {
        Settings = options.Value;
        var symbols = Settings.Symbols.Count > 0 ? Settings.Symbols : PaperSymbolOptions.Defaults();
        foreach (var symbol in symbols.SelectMany(PaperSymbol.From))
        {
            _symbols[(symbol.Market, symbol.Symbol)] = symbol;
        }

        var accounts = Settings.Accounts.Count > 0
            ? Settings.Accounts
            : [new PaperAccountOptions { ApiKey = DemoApiKey, ApiSecret = DemoApiSecret, Balances = new() { ["USDT"] = 100_000m } }];
        foreach (var account in accounts.Where(a => !string.IsNullOrEmpty(a.ApiKey) && !string.IsNullOrEmpty(a.ApiSecret)))
        {
            _accounts[account.ApiKey] = new PaperAccount(account.ApiKey, account.ApiSecret, account.Balances, Sync);
            if (account.UserAccounts)
            {
                _operators.Add(account);
            }
        }

        Clock = new ExchangeClock(time, Settings.ClockSkewMs);
        Prices = new PriceFeed(symbols, Settings.Seed, Clock);
        Faults = new FaultInjector(Settings.Faults, Settings.Seed);
        Rates = new RateMeter(Clock);
        Stats = new TradeStats(Clock);
        Streams = new UserStreams(Clock, TimeSpan.FromMinutes(Math.Max(1, Settings.ListenKeyValidityMinutes)));
        Fills = new FillEngine(this);
        Matcher = new OrderMatcher(this, time);
        Prices.Moved += Fills.OnPriceMoved;
    }

    public PaperExchangeOptions Settings { get; }

    public PaperOrderBook Orders { get; } = new();

    public FaultInjector Faults { get; }

    public PriceFeed Prices { get; }

    public ExchangeClock Clock { get; }

    public RateMeter Rates { get; }

    /// <summary>Trades of the last 24 h, for the 24h tickers.</summary>
    public TradeStats Stats { get; }

    /// <summary>Subscribers of the user data streams (futures listen keys, spot WebSocket API subscriptions).</summary>
    public UserStreams Streams { get; }

    public OrderMatcher Matcher { get; }

    internal FillEngine Fills { get; }

    /// <summary>The one lock under which balances, positions and orders change.</summary>
    internal Lock Sync { get; } = new();

    public IReadOnlyCollection<PaperAccount> Accounts
    {
        get
        {
            lock (Sync)
            {
                return _accounts.Values.ToList();
            }
        }
    }

    /// <summary>An account that exists: configured, or opened by a derived per-user key.</summary>
    public PaperAccount? Account(string? apiKey)
    {
        lock (Sync)
        {
            return apiKey is not null && _accounts.TryGetValue(apiKey, out var account) ? account : null;
        }
    }

    /// <summary>The account of <paramref name="userId"/> under the operator key <paramref name="operatorKey"/>, if it was opened.</summary>
    public PaperAccount? UserAccount(string operatorKey, string userId) => Account(operatorKey + PaperAccountKeys.Separator + userId);

    public PaperSymbol? Symbol(MarketType market, string? symbol) => symbol is not null && _symbols.TryGetValue((market, symbol), out var found) ? found : null;

    public IEnumerable<PaperSymbol> Symbols(MarketType market) => _symbols.Values.Where(s => s.Market == market).OrderBy(s => s.Symbol, StringComparer.Ordinal);

    /// <summary>The secret that signs for <paramref name="apiKey"/>: a configured account's, or the one derived for a per-user key.</summary>
    internal string? SecretFor(string apiKey)
    {
        if (Account(apiKey) is { } account)
        {
            return account.ApiSecret;
        }

        foreach (var op in _operators)
        {
            if (PaperAccountKeys.TryGetUserId(apiKey, op.ApiKey, out var userId))
            {
                return PaperAccountKeys.SecretFor(op.ApiSecret, userId);
            }
        }

        return null;
    }

    /// <summary>The account of a verified key; a derived per-user key opens its account with the configured balances on first use.</summary>
    internal PaperAccount OpenAccount(string apiKey)
    {
        lock (Sync)
        {
            if (_accounts.TryGetValue(apiKey, out var existing))
            {
                return existing;
            }

            foreach (var op in _operators)
            {
                if (PaperAccountKeys.TryGetUserId(apiKey, op.ApiKey, out var userId))
                {
                    var balances = op.UserBalances.Count > 0 ? op.UserBalances : op.Balances;
                    var account = new PaperAccount(apiKey, PaperAccountKeys.SecretFor(op.ApiSecret, userId), balances, Sync, userId);
                    _accounts[apiKey] = account;
                    return account;
                }
            }

            throw new InvalidOperationException("Not a configured or derived key.");
        }
    }
}
