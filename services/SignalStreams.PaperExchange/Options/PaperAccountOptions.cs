namespace SignalStreams.PaperExchange.Options;

/// <summary>One key pair the paper exchange accepts (<c>PaperExchange:Accounts:{n}</c>) and its starting balances.</summary>
public sealed class PaperAccountOptions
{
    public string ApiKey { get; set; } = "";

    public string ApiSecret { get; set; } = "";

    /// <summary>Starting balances by asset (<c>Balances:USDT</c> = 10000); the same amounts seed the spot and the futures wallet.</summary>
    public Dictionary<string, decimal> Balances { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Accept per-user keys derived from this pair (<c>{ApiKey}.{userId}</c>, secret = hex HMAC-SHA256(ApiSecret, userId),
    /// see <c>PaperAccountKeys</c>): each such user gets an account of their own on first use. The pair itself stays an
    /// ordinary account.
    /// </summary>
    public bool UserAccounts { get; set; } = true;

    /// <summary>Starting balances of each derived user account; when empty, <see cref="Balances"/>.</summary>
    public Dictionary<string, decimal> UserBalances { get; set; } = new(StringComparer.Ordinal);
}
