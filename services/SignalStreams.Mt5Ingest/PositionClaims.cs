using Microsoft.Extensions.Options;
using SignalStreams.Redis;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// The Redis side of the position lock, on the shared <see cref="RedisClaims"/>, for rebalance windows when two
/// instances may briefly both own a partition (one of them with a store restored before the other's writes). One
/// key per position, <c>{Mt5:RedisKeyPrefix}{positionKey}</c>: a lease of <c>Mt5:ClaimSeconds</c> while the signal is
/// being created, then <c>done|completed</c> for <c>Mt5:DoneMarkerHours</c>. One script per operation, so a new
/// position costs two Redis commands (claim, complete) and a duplicate none (duplicates are answered by the store
/// before Redis). No fencing tokens: the writes that follow (Kafka records with deterministic keys, one Telegram call
/// guarded by the store) could not check them. The changelogged store is the record of truth.
/// </summary>
public sealed class PositionClaims(RedisClaims claims, IOptions<Mt5Options> options, Mt5IngestMetrics metrics)
{
    internal const string CompletedStatus = "completed";

    private readonly string _owner = RedisClaims.NewOwnerId();

    private Mt5Options Settings => options.Value;

    private TimeSpan Retention => TimeSpan.FromHours(Settings.DoneMarkerHours);

    public async Task<ClaimStatus> ClaimAsync(string positionKey)
    {
        metrics.RedisOperation("claim");
        return (await claims.ClaimAsync(Key(positionKey), _owner, TimeSpan.FromSeconds(Settings.ClaimSeconds), Retention)).Status;
    }

    /// <summary>Marks the position done, whoever holds it (done is done); if Redis is down the lease simply runs out.</summary>
    public async Task CompleteAsync(string positionKey)
    {
        metrics.RedisOperation("complete");
        await claims.CompleteAsync(Key(positionKey), CompletedStatus, Retention);
    }

    /// <summary>Ends this instance's lease after a failure, so a later event can retry at once (its claim reads Again).</summary>
    public async Task ReleaseAsync(string positionKey)
    {
        metrics.RedisOperation("release");
        await claims.ReleaseAsync(Key(positionKey), _owner);
    }

    private string Key(string positionKey) => Settings.RedisKeyPrefix + positionKey;
}
