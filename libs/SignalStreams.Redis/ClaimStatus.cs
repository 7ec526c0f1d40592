namespace SignalStreams.Redis;

/// <summary>
/// What Redis says about a claim key. Every operation of <see cref="RedisClaims"/> answers one of these, read as
/// "what a claimer finds (or found) there". Redis is a fast path and a fence between instances, never the record
/// of truth: each answer is only as good as the data Redis still holds (see <see cref="First"/>).
/// </summary>
public enum ClaimStatus
{
    /// <summary>
    /// The caller holds the claim now, and Redis holds no trace of an earlier claim on the key. This means "no
    /// earlier attempt" only while Redis kept its data: a restart without persistence, a <c>FLUSHALL</c>, an
    /// eviction or an expired retention all make an old key read <see cref="First"/> again. A caller whose own
    /// durable state says an attempt may exist must believe that state, not this answer.
    /// </summary>
    First,

    /// <summary>
    /// The caller holds the claim now, and an earlier claim existed: its lease ran out, it was released, or it was
    /// this same owner's. An earlier attempt MAY have had effects: look before acting again.
    /// </summary>
    Again,

    /// <summary>Another owner holds a live lease on the key: the caller must not act now; it may try again later.</summary>
    Held,

    /// <summary>The key was completed (<see cref="ClaimResult.DoneStatus"/> says how): the work is finished, do not redo it.</summary>
    Done,

    /// <summary>
    /// Redis did not answer (connection lost, timeout, or a server error such as LOADING or READONLY). Nothing
    /// is known and nothing was changed: the caller goes on with its own state alone, as it would for a claim
    /// it cannot trust.
    /// </summary>
    Unavailable,
}
