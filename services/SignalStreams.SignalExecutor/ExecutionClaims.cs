using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SignalStreams.SignalExecutor;

/// <summary>
/// The Redis side of dedup, one key per (signal, user), set with NX semantics in a script:
/// <c>inflight|{owner}|{leaseUntilMs}</c> while an instance executes it, then <c>done|{status}</c>. It guards the
/// window of a rebalance where two instances briefly both hold a user's commands; the changelogged store is the
/// record of truth. Two round trips per execution (claim, complete). When Redis is unreachable the executor
/// proceeds on its store alone and looks every order up before placing it; readiness shows Redis as Degraded.
/// </summary>
public sealed class ExecutionClaims(IConnectionMultiplexer redis, IOptions<ExecutorOptions> options, ExecutorMetrics metrics, ILogger<ExecutionClaims> logger) : IHealthCheck
{
    private const string ClaimScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local v = redis.call('GET', KEYS[1])
        local claim = 'inflight|' .. ARGV[1] .. '|' .. (now + tonumber(ARGV[2]))
        if not v then
          redis.call('SET', KEYS[1], claim, 'PX', ARGV[3])
          return 'first'
        end
        if string.sub(v, 1, 5) == 'done|' then return 'done' end
        local owner, untilMs = string.match(v, '^inflight|(.*)|(%d+)$')
        if owner == ARGV[1] or (untilMs and tonumber(untilMs) <= now) then
          redis.call('SET', KEYS[1], claim, 'PX', ARGV[3])
          return 'again'
        end
        return 'held'
        """;

    private const string CompleteScript = """
        local v = redis.call('GET', KEYS[1])
        if v then
          if string.sub(v, 1, 5) == 'done|' then return 0 end
          local owner = string.match(v, '^inflight|(.*)|%d+$')
          if owner ~= ARGV[1] then return 0 end
        end
        redis.call('SET', KEYS[1], 'done|' .. ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    private readonly ExecutorOptions _options = options.Value;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private volatile string? _lastError;

    public async Task<ClaimResult> ClaimAsync(string signalId, string userId)
    {
        try
        {
            var answer = (string?)await redis.GetDatabase().ScriptEvaluateAsync(
                ClaimScript,
                [Key(signalId, userId)],
                [_owner, _options.ClaimLeaseSeconds * 1000L, _options.DoneMarkerHours * 3_600_000L]);
            Available();
            return answer switch
            {
                "first" => ClaimResult.First,
                "again" => ClaimResult.Again,
                "done" => ClaimResult.Done,
                _ => ClaimResult.HeldByOther,
            };
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or RedisServerException or ObjectDisposedException)
        {
            Unavailable(e);
            return ClaimResult.Unavailable;
        }
    }

    /// <summary>Marks the (signal, user) done; a claim taken over by another instance is left alone.</summary>
    public async Task CompleteAsync(string signalId, string userId, string status)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(
                CompleteScript,
                [Key(signalId, userId)],
                [_owner, status, _options.DoneMarkerHours * 3_600_000L]);
            Available();
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or RedisServerException or ObjectDisposedException)
        {
            // The store already holds the final record; the marker only speeds up refusing duplicates elsewhere.
            Unavailable(e);
        }
    }

    /// <summary>
    /// Asks Redis itself rather than remembering the last claim: readiness must recover once Redis is back even when no
    /// execution has run since, and must show an outage that no claim has hit yet.
    /// </summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            Available();
            return HealthCheckResult.Healthy("Redis answers.");
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or ObjectDisposedException)
        {
            return HealthCheckResult.Degraded($"Redis is unreachable ({e.GetType().Name}); executing on the state store alone with an order lookup before every placement.");
        }
    }

    private RedisKey Key(string signalId, string userId) => $"{_options.RedisKeyPrefix}{signalId}:{userId}";

    private void Available()
    {
        if (_lastError is not null)
        {
            _lastError = null;
            logger.LogInformation("Redis is reachable again; claims are back in use");
        }
    }

    private void Unavailable(Exception e)
    {
        metrics.RedisUnavailable();
        if (_lastError is null)
        {
            logger.LogWarning("Redis is unreachable ({Reason}); proceeding on the state store alone, looking every order up before placing it", e.GetType().Name);
        }

        _lastError = e.GetType().Name;
    }
}
