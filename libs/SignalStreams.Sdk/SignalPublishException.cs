namespace SignalStreams.Sdk;

/// <summary>The broker did not acknowledge the signal (for example, the cluster was unreachable until the delivery timeout).</summary>
public sealed class SignalPublishException(string signalId, string reason, Exception inner)
    : Exception($"Signal '{signalId}' was not published: {reason}", inner)
{
    public string SignalId { get; } = signalId;
}
