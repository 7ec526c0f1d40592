using System.Text.Json.Serialization;

namespace SignalStreams.Contracts;

/// <summary>
/// The Telegram channel message of an MT5 position (<c>telegram-mapping.v1</c>). <c>unknown</c> = the request may
/// or may not have reached Telegram: it is never sent again and an operator is alerted.
/// </summary>
public sealed record TelegramMapping
{
    public required string AccountId { get; init; }
    public required string PositionId { get; init; }
    public required string SignalId { get; init; }
    public required string ChatId { get; init; }
    public long? MessageId { get; init; }
    public required TelegramDeliveryStatus Status { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The record\'s Kafka key (not part of the JSON value).</summary>
    [JsonIgnore]
    public string Key => Mt5Keys.Of(AccountId, PositionId);
}
