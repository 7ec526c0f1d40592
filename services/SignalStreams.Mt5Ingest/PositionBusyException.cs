namespace SignalStreams.Mt5Ingest;

/// <summary>
/// Another instance holds the position's claim (a rebalance window): the record fails and the runtime retries it
/// with backoff until that instance completes (then the claim says done) or its claim expires.
/// </summary>
public sealed class PositionBusyException(string positionKey)
    : Exception($"Position {positionKey} is being created by another instance; retrying later.")
{
    public string PositionKey { get; } = positionKey;
}
