namespace SignalStreams.PaperExchange.State;

/// <summary>A spot OCO: two orders of which the first to execute expires the other.</summary>
public sealed record PaperOrderList
{
    public required long OrderListId { get; init; }
    public required string ListClientOrderId { get; init; }
    public required string Symbol { get; init; }
    public required IReadOnlyList<long> OrderIds { get; init; }

    /// <summary>EXEC_STARTED while both legs work, ALL_DONE once one executed or the list was cancelled.</summary>
    public string ListStatusType { get; init; } = "EXEC_STARTED";

    /// <summary>EXECUTING, then ALL_DONE.</summary>
    public string ListOrderStatus { get; init; } = "EXECUTING";

    public required long TransactionTime { get; init; }

    /// <summary>The asset and amount the list holds locked (one amount for both legs).</summary>
    public string LockedAsset { get; init; } = "";

    public decimal LockedAmount { get; init; }

    internal string ApiKey { get; init; } = "";

    public bool IsOpen => ListStatusType == "EXEC_STARTED";
}
