using System.Text.Json.Serialization;

namespace SignalStreams.Contracts;

/// <summary>
/// Which signal an MT5 position became (<c>mt5-signal-mapping.v1</c>). While <c>processing</c> the signalId is
/// <c>PENDING</c> and the mapping is the lock; <c>failed</c> releases it so a later event retries.
/// </summary>
public sealed record Mt5SignalMapping
{
    public required string AccountId { get; init; }
    public required string PositionId { get; init; }
    public required string SignalId { get; init; }
    public required string Pair { get; init; }
    public required MappingStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public decimal? LastKnownProfit { get; init; }

    /// <summary>
    /// Added by mt5-ingest (the contract allows added fields): when the REMOVED event closed the position, so late
    /// or repeated events change nothing. Omitted from the JSON while the position is open.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The record\'s Kafka key (not part of the JSON value).</summary>
    [JsonIgnore]
    public string Key => Mt5Keys.Of(AccountId, PositionId);
}
