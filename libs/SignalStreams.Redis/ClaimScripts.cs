namespace SignalStreams.Redis;

/// <summary>
/// The Lua scripts behind <see cref="RedisClaims"/>, one per operation, each atomic on the server. A key holds
/// <c>inflight|{owner}|{leaseEndMs}</c> while claimed and <c>done|{status}</c> once completed. The lease end lives
/// in the value, not in the key's TTL: the key outlives its lease (for the retention), so an expired claim reads
/// "again" rather than vanishing into a "first". Time is the server's <c>TIME</c>, so instances whose clocks
/// disagree still agree on when a lease ended. Each script answers <c>first</c>, <c>again</c>, <c>held</c> or the
/// done value itself (<c>done|{status}</c>).
/// </summary>
internal static class ClaimScripts
{
    public const string InflightPrefix = "inflight|";
    public const string DonePrefix = "done|";

    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

        """;

    // A value that is neither done nor a readable claim (written by something else) reads as held: never act on
    // what cannot be read; the key's own TTL bounds the wait.
    private const string ReadClaim = """
        if string.sub(v, 1, 5) == 'done|' then return v end
        local owner, leaseEnd = string.match(v, '^inflight|(.*)|(%d+)$')

        """;

    /// <summary>KEYS[1] the key; ARGV owner, lease ms, retention ms.</summary>
    public const string Claim = Now + """
        local v = redis.call('GET', KEYS[1])
        local claim = 'inflight|' .. ARGV[1] .. '|' .. string.format('%d', now + tonumber(ARGV[2]))
        if not v then
          redis.call('SET', KEYS[1], claim, 'PX', ARGV[3])
          return 'first'
        end

        """ + ReadClaim + """
        if owner == ARGV[1] or (leaseEnd and tonumber(leaseEnd) <= now) then
          redis.call('SET', KEYS[1], claim, 'PX', ARGV[3])
          return 'again'
        end
        return 'held'
        """;

    /// <summary>KEYS[1] the key; ARGV status, retention ms. The first completion stands; its value is answered.</summary>
    public const string Complete = """
        local v = redis.call('GET', KEYS[1])
        if v and string.sub(v, 1, 5) == 'done|' then return v end
        local done = 'done|' .. ARGV[1]
        redis.call('SET', KEYS[1], done, 'PX', ARGV[2])
        return done
        """;

    /// <summary>
    /// KEYS[1] the key; ARGV owner. Ends this owner's lease now but keeps the key (and its TTL), so the next claim
    /// reads "again": an attempt existed. Answers what that next claim would find.
    /// </summary>
    public const string Release = Now + """
        local v = redis.call('GET', KEYS[1])
        if not v then return 'first' end

        """ + ReadClaim + """
        if owner == ARGV[1] then
          redis.call('SET', KEYS[1], 'inflight|' .. owner .. '|0', 'KEEPTTL')
          return 'again'
        end
        if leaseEnd and tonumber(leaseEnd) <= now then return 'again' end
        return 'held'
        """;
}
