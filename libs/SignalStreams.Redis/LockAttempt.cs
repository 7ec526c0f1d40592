namespace SignalStreams.Redis;

/// <summary>The result of <see cref="RedisLock.TryAcquireAsync"/>; <see cref="Handle"/> is set only when acquired.</summary>
public sealed record LockAttempt(LockStatus Status, LockHandle? Handle)
{
    public bool Acquired => Status == LockStatus.Acquired;
}
