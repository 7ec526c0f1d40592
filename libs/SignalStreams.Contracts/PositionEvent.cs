using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace SignalStreams.Contracts;

/// <summary>
/// An MT5 position event (<c>mt5-position-event.v1</c>), keyed <c>{accountId}:{positionId}</c>. The first UPDATED
/// seen for a position means a NEW position; the same event may arrive several times, concurrently.
/// </summary>
public sealed partial record PositionEvent
{
    public required string EventId { get; init; }
    public required string AccountId { get; init; }
    public required string PositionId { get; init; }
    public required PositionEventType EventType { get; init; }
    public required string Symbol { get; init; }
    public required Mt5PositionType Type { get; init; }
    public required decimal Volume { get; init; }
    public required decimal OpenPrice { get; init; }
    public decimal? CurrentPrice { get; init; }
    public decimal? StopLoss { get; init; }
    public decimal? TakeProfit { get; init; }
    public decimal? Profit { get; init; }
    public required DateTimeOffset Time { get; init; }
    public DateTimeOffset? UpdateTime { get; init; }

    /// <summary>The record\'s Kafka key (not part of the JSON value).</summary>
    [JsonIgnore]
    public string Key => Mt5Keys.Of(AccountId, PositionId);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex IdPattern();

    public ValidationResult Validate() => new ProblemCollector()
        .Check(!string.IsNullOrWhiteSpace(EventId) && EventId.Length <= 128, "eventId", "eventId must be a non-empty id of at most 128 characters.")
        .Check(AccountId is not null && IdPattern().IsMatch(AccountId), "accountId", "accountId must be 1-64 characters of A-Z, a-z, 0-9, '_', '.' or '-'.")
        .Check(PositionId is not null && IdPattern().IsMatch(PositionId), "positionId", "positionId must be 1-64 characters of A-Z, a-z, 0-9, '_', '.' or '-'.")
        .Check(Enum.IsDefined(EventType), "eventType", "eventType must be UPDATED or REMOVED.")
        .Check(!string.IsNullOrWhiteSpace(Symbol) && Symbol.Length <= 32, "symbol", "symbol must be a non-empty name of at most 32 characters.")
        .Check(Enum.IsDefined(Type), "type", "type must be POSITION_TYPE_BUY or POSITION_TYPE_SELL.")
        .Check(Volume > 0, "volume", "volume must be greater than 0.")
        .Check(OpenPrice > 0, "openPrice", "openPrice must be greater than 0.")
        .ToResult();
}
