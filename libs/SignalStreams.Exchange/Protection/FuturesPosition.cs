namespace SignalStreams.Exchange.Protection;

/// <summary>A one-way futures position from <c>GET /fapi/v3/positionRisk</c>: amount (negative = short) and entry price.</summary>
public sealed record FuturesPosition(string Symbol, decimal Amount, decimal EntryPrice, decimal MarkPrice, decimal UnrealizedPnl)
{
    public bool IsOpen => Amount != 0;
}
