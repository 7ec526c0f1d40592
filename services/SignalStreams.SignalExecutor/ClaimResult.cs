namespace SignalStreams.SignalExecutor;

/// <summary>What Redis says about a (signal, user) when the executor asks to execute it.</summary>
public enum ClaimResult
{
    /// <summary>Nobody ever tried this (signal, user): ours, and no order can exist yet.</summary>
    First,

    /// <summary>Ours now, but an earlier attempt (ours or a crashed/expired one) existed: look the order up before placing.</summary>
    Again,

    /// <summary>Another live instance is executing it right now (a rebalance window): try later.</summary>
    HeldByOther,

    /// <summary>Already executed or failed somewhere: a duplicate, refused.</summary>
    Done,

    /// <summary>Redis is unreachable: proceed on the state store alone and look the order up before placing.</summary>
    Unavailable,
}
