namespace SignalStreams.PaperExchange.Options;

/// <summary>One key pair the paper exchange accepts (<c>PaperExchange:Accounts:{n}</c>) and its starting balances.</summary>
public sealed class PaperAccountOptions
{
    public string ApiKey { get; set; } = "";

    public string ApiSecret { get; set; } = "";

    /// <summary>Starting balances by asset (<c>Balances:USDT</c> = 10000); the same amounts seed the spot and the futures wallet.</summary>
    public Dictionary<string, decimal> Balances { get; set; } = new(StringComparer.Ordinal);
}
