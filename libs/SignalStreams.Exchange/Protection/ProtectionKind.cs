namespace SignalStreams.Exchange.Protection;

/// <summary>What an order protecting (or closing) a position is for; part of its deterministic clientOrderId.</summary>
public enum ProtectionKind
{
    StopLoss,
    TakeProfit,

    /// <summary>A spot OCO holding both.</summary>
    Oco,

    /// <summary>The reduce-only market order that closes the position.</summary>
    Close,
}
