namespace SignalStreams.Redis;

/// <summary>
/// A held lock: its key, its owner and a fencing token that is strictly greater than every token handed out
/// before for the same key (while Redis keeps its data). Pass the token with writes so that a stale holder
/// (paused past its TTL) can be recognised.
/// </summary>
public sealed record LockHandle(string Key, string Owner, long FencingToken)
{
    /// <summary>The value stored under the key: owner and token, compared on release and renew.</summary>
    public string Value => Owner + "#" + FencingToken.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
