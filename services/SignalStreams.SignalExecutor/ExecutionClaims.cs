using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Redis;

namespace SignalStreams.SignalExecutor;

/// <summary>
/// The executor's claims on (signal, user) pairs, one key <c>{RedisKeyPrefix}{signalId}:{userId}</c> each, on the
/// shared <see cref="RedisClaims"/>: a lease of <c>Executor:ClaimLeaseSeconds</c> while an instance executes the pair,
/// then <c>done|executed</c> or <c>done|failed</c>, both remembered for <c>Executor:DoneMarkerHours</c>. They guard
/// the window of a rebalance in which two instances briefly both hold a user's commands; the changelogged store is
/// the record of truth, so a claim is only asked once the store has no record of the pair (and a pending record is
/// always looked up at the exchange, whatever the claim says). Two round trips per execution (claim, complete).
/// </summary>
public sealed class ExecutionClaims(RedisClaims claims, IOptions<ExecutorOptions> options) : IExecutionClaims
{
    private readonly ExecutorOptions _options = options.Value;
    private readonly string _owner = RedisClaims.NewOwnerId();

    public TimeSpan Lease => TimeSpan.FromSeconds(_options.ClaimLeaseSeconds);

    private TimeSpan Retention => TimeSpan.FromHours(_options.DoneMarkerHours);

    public async Task<ClaimStatus> ClaimAsync(string signalId, string userId) =>
        (await claims.ClaimAsync(Key(signalId, userId), _owner, Lease, Retention)).Status;

    public Task<ClaimResult> TryClaimAsync(string signalId, string userId) =>
        claims.ClaimAsync(Key(signalId, userId), _owner, Lease, Retention);

    /// <summary>Marks the pair done once its final record is durable; the marker only speeds up refusing duplicates elsewhere.</summary>
    public Task CompleteAsync(string signalId, string userId, string status) =>
        claims.CompleteAsync(Key(signalId, userId), status, Retention);

    private string Key(string signalId, string userId) => _options.RedisKeyPrefix + ExecutionKeys.Of(signalId, userId);
}
