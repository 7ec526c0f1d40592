using SignalStreams.PaperExchange.Faults;

namespace SignalStreams.PaperExchange.Options;

/// <summary>The <c>PaperExchange</c> configuration section.</summary>
public sealed class PaperExchangeOptions
{
    public const string SectionName = "PaperExchange";

    /// <summary>Key pairs; when none is configured one demo account (paper-demo-key / paper-demo-secret, 100000 USDT) is used.</summary>
    public List<PaperAccountOptions> Accounts { get; set; } = [];

    /// <summary>Tradable symbols; when none is configured BTC, ETH, SOL, BNB, XRP (spot + futures) and XAU (futures) against USDT.</summary>
    public List<PaperSymbolOptions> Symbols { get; set; } = [];

    /// <summary><c>Fixed</c> (prices move only through the admin API) or <c>RandomWalk</c>.</summary>
    public string PriceMode { get; set; } = "Fixed";

    /// <summary>RandomWalk: standard deviation of one step, percent.</summary>
    public decimal RandomWalkStepPercent { get; set; } = 0.02m;

    public int RandomWalkIntervalMs { get; set; } = 1000;

    /// <summary>Seed of the random walk and of probabilistic faults; 0 = random.</summary>
    public int Seed { get; set; }

    /// <summary>A fill is this percent worse than the current price (BUY above, SELL below).</summary>
    public decimal SlippagePercent { get; set; }

    /// <summary>Spot commission per fill, percent of the traded amount, charged in the asset received (BUY: base, SELL: quote), as Binance does without BNB.</summary>
    public decimal SpotFeePercent { get; set; }

    /// <summary>Futures commission of orders that take liquidity (MARKET, triggered stops), percent of the notional, in the margin asset.</summary>
    public decimal FuturesTakerFeePercent { get; set; }

    /// <summary>Futures commission of resting LIMIT orders filled by a price move, percent of the notional.</summary>
    public decimal FuturesMakerFeePercent { get; set; }

    /// <summary>How long a futures listenKey stays valid without a keepalive (Binance: 60 minutes).</summary>
    public int ListenKeyValidityMinutes { get; set; } = 60;

    /// <summary>Time between accepting a MARKET order (status NEW, open) and filling it.</summary>
    public int FillLatencyMs { get; set; }

    /// <summary>An order becomes visible to GET order this long after it was accepted (Binance's lookup is eventually consistent).</summary>
    public int LookupVisibilityDelayMs { get; set; }

    /// <summary>Server clock offset from real time, milliseconds (also settable at PUT /admin/clock).</summary>
    public long ClockSkewMs { get; set; }

    /// <summary>Faults active from the start (same shape as POST /admin/faults).</summary>
    public List<FaultRule> Faults { get; set; } = [];

    /// <summary>Serve /admin/* to non-loopback callers too. Off by default: the admin API has no authentication.</summary>
    public bool AdminAllowRemote { get; set; }
}
