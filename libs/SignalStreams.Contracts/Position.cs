using System.Text.Json.Serialization;

namespace SignalStreams.Contracts;

/// <summary>A user's position opened by an executed signal (<c>position.v1</c>), keyed <c>{userId}:{positionId}</c>.</summary>
public sealed record Position
{
    public required string PositionId { get; init; }
    public required string UserId { get; init; }
    public required string SignalId { get; init; }
    public required string Symbol { get; init; }
    public required MarketType Market { get; init; }
    public required OrderSide Side { get; init; }
    public required decimal Quantity { get; init; }
    public required decimal EntryPrice { get; init; }
    public int? Leverage { get; init; }
    public PositionStatus Status { get; init; } = PositionStatus.Open;
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>The record\'s Kafka key (not part of the JSON value).</summary>
    [JsonIgnore]
    public string Key => $"{UserId}:{PositionId}";
}
