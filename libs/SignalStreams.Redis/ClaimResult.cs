namespace SignalStreams.Redis;

/// <summary>The answer of a <see cref="RedisClaims"/> operation; <see cref="DoneStatus"/> is set only for <see cref="ClaimStatus.Done"/>.</summary>
public readonly record struct ClaimResult(ClaimStatus Status, string? DoneStatus = null)
{
    public static readonly ClaimResult First = new(ClaimStatus.First);
    public static readonly ClaimResult Again = new(ClaimStatus.Again);
    public static readonly ClaimResult Held = new(ClaimStatus.Held);
    public static readonly ClaimResult Unavailable = new(ClaimStatus.Unavailable);

    public static ClaimResult Done(string status) => new(ClaimStatus.Done, status);
}
