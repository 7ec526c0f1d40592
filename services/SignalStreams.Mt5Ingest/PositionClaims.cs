using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// The Redis side of the position lock, for rebalance windows when two instances may briefly both own a partition
/// (one of them with a store restored before the other's writes). One key per position:
/// absent → free; <c>{owner}</c> (with a TTL) → being created; <c>done</c> (with a long TTL) → completed.
/// Claiming is ONE round trip (a Lua GET-or-SET that answers the holder), completing is ONE plain SET, so a new
/// position costs two Redis commands and a duplicate none (duplicates are answered by the store before Redis).
/// Fencing tokens (<c>RedisLock</c>'s INCR) would cost a third command and protect nothing here: the writes that
/// follow (Kafka records with deterministic keys, one Telegram call guarded by the store) do not check tokens.
/// When Redis is unreachable the caller proceeds on the store: the partition's single owner serialises the work.
/// </summary>
public sealed class PositionClaims(IConnectionMultiplexer redis, IOptions<Mt5Options> options, Mt5IngestMetrics metrics, ILogger<PositionClaims> logger)
{
    internal const string DoneValue = "done";

    // Returns the current holder, or nil after taking the key for ARGV[1] with TTL ARGV[2] ms.
    private const string ClaimScript = "local v = redis.call('GET', KEYS[1]) if v then return v end redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return false";
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public async Task<ClaimOutcome> TryClaimAsync(string positionKey)
    {
        metrics.RedisOperation("claim");
        var settings = options.Value;
        try
        {
            var holder = await redis.GetDatabase().ScriptEvaluateAsync(
                ClaimScript,
                [settings.RedisKeyPrefix + positionKey],
                [_owner, (long)TimeSpan.FromSeconds(settings.ClaimSeconds).TotalMilliseconds]);
            if (holder.IsNull)
            {
                return ClaimOutcome.Claimed;
            }

            var value = (string?)holder;
            return value == DoneValue ? ClaimOutcome.AlreadyDone : value == _owner ? ClaimOutcome.Claimed : ClaimOutcome.InProgressElsewhere;
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            logger.LogWarning("Redis is unreachable while claiming {PositionKey} ({Error}); proceeding on the state store alone", positionKey, e.GetType().Name);
            return ClaimOutcome.RedisUnavailable;
        }
    }

    /// <summary>Marks the position done for <c>Mt5:DoneMarkerHours</c>, whoever holds it (done is done).</summary>
    public async Task CompleteAsync(string positionKey)
    {
        metrics.RedisOperation("complete");
        var settings = options.Value;
        try
        {
            await redis.GetDatabase().StringSetAsync(settings.RedisKeyPrefix + positionKey, DoneValue, TimeSpan.FromHours(settings.DoneMarkerHours));
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            // The store already says completed; the claim simply expires.
            logger.LogWarning("Redis is unreachable while completing {PositionKey} ({Error}); its claim will expire", positionKey, e.GetType().Name);
        }
    }

    /// <summary>Frees this instance's claim after a failure, so a later event can retry at once.</summary>
    public async Task ReleaseAsync(string positionKey)
    {
        metrics.RedisOperation("release");
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [options.Value.RedisKeyPrefix + positionKey], [_owner]);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            logger.LogWarning("Redis is unreachable while releasing {PositionKey} ({Error}); its claim will expire", positionKey, e.GetType().Name);
        }
    }
}
