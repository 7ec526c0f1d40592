namespace SignalStreams.Contracts;

/// <summary>Keys and ids derived from an MT5 position.</summary>
public static class Mt5Keys
{
    /// <summary><c>{accountId}:{positionId}</c>: the key of every MT5 topic.</summary>
    public static string Of(string accountId, string positionId) => $"{accountId}:{positionId}";

    /// <summary>The deterministic id of the signal created for a position, so a retry never creates a second one.</summary>
    public static string SignalIdFor(string accountId, string positionId) => $"mt5-{accountId}-{positionId}";

    /// <summary>The signalId a mapping carries while it is <c>processing</c> (the lock).</summary>
    public const string PendingSignalId = "PENDING";
}
