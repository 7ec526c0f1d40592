using System.Text.Json.Serialization;

namespace SignalStreams.Contracts;

// Wire names are fixed by CONTRACT.md §2; C# names stay idiomatic.

[JsonConverter(typeof(JsonStringEnumConverter<MarketType>))]
public enum MarketType
{
    [JsonStringEnumMemberName("FUTURES")] Futures,
    [JsonStringEnumMemberName("SPOT")] Spot,
}

[JsonConverter(typeof(JsonStringEnumConverter<OrderSide>))]
public enum OrderSide
{
    [JsonStringEnumMemberName("BUY")] Buy,
    [JsonStringEnumMemberName("SELL")] Sell,
}

/// <summary>
/// Ordered: a larger value is a stronger signal. WEAK is the default value, so an absent <c>minStrength</c> reads as
/// WEAK (source-generated JSON assigns defaults to absent init-only properties, ignoring initializers).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SignalStrength>))]
public enum SignalStrength
{
    [JsonStringEnumMemberName("WEAK")] Weak = 0,
    [JsonStringEnumMemberName("MODERATE")] Moderate = 1,
    [JsonStringEnumMemberName("STRONG")] Strong = 2,
    [JsonStringEnumMemberName("VERY_STRONG")] VeryStrong = 3,
}

[JsonConverter(typeof(JsonStringEnumConverter<SignalStatus>))]
public enum SignalStatus
{
    [JsonStringEnumMemberName("ACTIVE")] Active,
    [JsonStringEnumMemberName("CANCELLED")] Cancelled,
    [JsonStringEnumMemberName("EXPIRED")] Expired,
    /// <summary>Legacy value from old sources; means exactly the same as <see cref="Active"/>.</summary>
    [JsonStringEnumMemberName("EXECUTED")] Executed,
    /// <summary>
    /// The source has exited: no new entries (like <see cref="Cancelled"/>) AND every follower position opened from
    /// the signal is closed at market.
    /// </summary>
    [JsonStringEnumMemberName("CLOSED")] Closed,
}

[JsonConverter(typeof(JsonStringEnumConverter<SizingMode>))]
public enum SizingMode
{
    [JsonStringEnumMemberName("FIXED_QUOTE")] FixedQuote,
    [JsonStringEnumMemberName("PERCENT_BALANCE")] PercentBalance,
}

[JsonConverter(typeof(JsonStringEnumConverter<ExecutionStatus>))]
public enum ExecutionStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("executed")] Executed,
    [JsonStringEnumMemberName("failed")] Failed,
}

[JsonConverter(typeof(JsonStringEnumConverter<PositionStatus>))]
public enum PositionStatus
{
    [JsonStringEnumMemberName("OPEN")] Open,
    [JsonStringEnumMemberName("CLOSED")] Closed,
}

[JsonConverter(typeof(JsonStringEnumConverter<PositionEventType>))]
public enum PositionEventType
{
    [JsonStringEnumMemberName("UPDATED")] Updated,
    [JsonStringEnumMemberName("REMOVED")] Removed,
}

[JsonConverter(typeof(JsonStringEnumConverter<Mt5PositionType>))]
public enum Mt5PositionType
{
    [JsonStringEnumMemberName("POSITION_TYPE_BUY")] Buy,
    [JsonStringEnumMemberName("POSITION_TYPE_SELL")] Sell,
}

[JsonConverter(typeof(JsonStringEnumConverter<MappingStatus>))]
public enum MappingStatus
{
    [JsonStringEnumMemberName("processing")] Processing,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
}

[JsonConverter(typeof(JsonStringEnumConverter<TelegramDeliveryStatus>))]
public enum TelegramDeliveryStatus
{
    [JsonStringEnumMemberName("sent")] Sent,
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("failed")] Failed,
}

[JsonConverter(typeof(JsonStringEnumConverter<ExecutionTrigger>))]
public enum ExecutionTrigger
{
    [JsonStringEnumMemberName("fanout")] Fanout,
    [JsonStringEnumMemberName("manual")] Manual,
}

[JsonConverter(typeof(JsonStringEnumConverter<PositionCloseReason>))]
public enum PositionCloseReason
{
    [JsonStringEnumMemberName("stop-loss")] StopLoss,
    [JsonStringEnumMemberName("take-profit")] TakeProfit,
    [JsonStringEnumMemberName("source-closed")] SourceClosed,
    [JsonStringEnumMemberName("manual")] Manual,
}

/// <summary>Where a follower's protective orders come from (<see cref="UserSettings.Protection"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProtectionMode>))]
public enum ProtectionMode
{
    /// <summary>The signal's stopLoss / takeProfit (the default).</summary>
    [JsonStringEnumMemberName("SIGNAL")] Signal = 0,
    /// <summary>No protective orders.</summary>
    [JsonStringEnumMemberName("NONE")] None = 1,
    /// <summary>The user's own distances in percent of the fill price.</summary>
    [JsonStringEnumMemberName("PERCENT")] Percent = 2,
}
