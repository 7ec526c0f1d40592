using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.PaperExchange.Options;

namespace SignalStreams.PaperExchange.State;

/// <summary>Everything the paper exchange holds: accounts, symbols, prices, orders, faults and its clock. Tests reach it through the host handle.</summary>
public sealed class PaperExchangeState
{
    public const string DemoApiKey = "paper-demo-key";
    public const string DemoApiSecret = "paper-demo-secret";

    private readonly Dictionary<string, PaperAccount> _accounts = new(StringComparer.Ordinal);
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
            _accounts[account.ApiKey] = new PaperAccount(account.ApiKey, account.ApiSecret, account.Balances);
        }

        Clock = new ExchangeClock(time, Settings.ClockSkewMs);
        Prices = new PriceFeed(symbols, Settings.Seed);
        Faults = new FaultInjector(Settings.Faults, Settings.Seed);
        Rates = new RateMeter(Clock);
    }

    public PaperExchangeOptions Settings { get; }

    public PaperOrderBook Orders { get; } = new();

    public FaultInjector Faults { get; }

    public PriceFeed Prices { get; }

    public ExchangeClock Clock { get; }

    public RateMeter Rates { get; }

    public IReadOnlyCollection<PaperAccount> Accounts => _accounts.Values;

    public PaperAccount? Account(string? apiKey) => apiKey is not null && _accounts.TryGetValue(apiKey, out var account) ? account : null;

    public PaperSymbol? Symbol(MarketType market, string? symbol) => symbol is not null && _symbols.TryGetValue((market, symbol), out var found) ? found : null;

    public IEnumerable<PaperSymbol> Symbols(MarketType market) => _symbols.Values.Where(s => s.Market == market).OrderBy(s => s.Symbol, StringComparer.Ordinal);
}
