namespace SignalStreams.PaperExchange.State;

/// <summary>
/// A one-way (positionSide BOTH) futures position: signed amount (long &gt; 0, short &lt; 0), volume-weighted entry
/// price, and the PnL realised by fills that reduced it. All arithmetic in decimal, so PnL is exact.
/// </summary>
public sealed class PaperPosition(string symbol)
{
    public string Symbol { get; } = symbol;

    public decimal Amount { get; private set; }

    public decimal EntryPrice { get; private set; }

    /// <summary>Sum of the realised PnL of every reducing fill (before commission), as Binance's <c>cr</c>.</summary>
    public decimal RealizedPnl { get; private set; }

    public long UpdateTime { get; private set; }

    /// <summary>(mark − entry) × amount: negative amounts make a falling price a gain.</summary>
    public decimal UnrealizedPnl(decimal markPrice) => Amount == 0 ? 0m : (markPrice - EntryPrice) * Amount;

    /// <summary>
    /// Applies a fill of <paramref name="signedQuantity"/> (BUY positive) at <paramref name="price"/> and returns the PnL it
    /// realised: (exit − entry) × closed quantity for a long, the opposite for a short; 0 for a fill that opens or adds.
    /// A fill larger than the position closes it and opens the rest the other way at the fill price.
    /// </summary>
    public decimal Apply(decimal signedQuantity, decimal price, long time)
    {
        UpdateTime = time;
        if (Amount == 0 || Math.Sign(Amount) == Math.Sign(signedQuantity))
        {
            var total = Amount + signedQuantity;
            EntryPrice = (EntryPrice * Math.Abs(Amount) + price * Math.Abs(signedQuantity)) / Math.Abs(total);
            Amount = total;
            return 0m;
        }

        var closed = Math.Min(Math.Abs(signedQuantity), Math.Abs(Amount));
        var realized = (price - EntryPrice) * closed * Math.Sign(Amount);
        var remaining = Amount + signedQuantity;
        if (remaining == 0)
        {
            EntryPrice = 0m;
        }
        else if (Math.Sign(remaining) != Math.Sign(Amount))
        {
            EntryPrice = price;
        }

        Amount = remaining;
        RealizedPnl += realized;
        return realized;
    }
}
