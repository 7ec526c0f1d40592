namespace SignalStreams.Mt5Ingest;

/// <summary>The few settings the position machine decides with (from <c>Mt5:*</c> and <c>Telegram:ChatId</c>).</summary>
public sealed record PositionMachineSettings
{
    /// <summary>The message changes at most once per interval; a change inside it is applied when it ends (trailing).</summary>
    public TimeSpan EditInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a closed position's mappings stay in the store before only the retired marker is kept.</summary>
    public TimeSpan StateRetention { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How long the retired marker stays; it must outlive every way a late event can still arrive.</summary>
    public TimeSpan RetiredMarkerRetention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How soon a claim held by another owner (a crashed or departing instance's lease) is tried again.</summary>
    public TimeSpan HeldRetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    public required string ChatId { get; init; }
}
