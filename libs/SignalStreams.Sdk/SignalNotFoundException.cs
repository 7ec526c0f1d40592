namespace SignalStreams.Sdk;

/// <summary>No signal with this id was found on the <c>signals</c> topic.</summary>
public sealed class SignalNotFoundException(string signalId)
    : Exception($"Signal '{signalId}' does not exist.")
{
    public string SignalId { get; } = signalId;
}
