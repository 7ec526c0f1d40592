using SignalStreams.Contracts;

namespace SignalStreams.Sdk;

/// <summary>What was published and where the broker stored it.</summary>
/// <param name="Signal">The signal as sent, with its defaults filled.</param>
/// <param name="Partition">The partition of <c>signals</c> it was written to (-1 when nothing was written).</param>
/// <param name="Offset">Its offset in that partition (-1 when nothing was written).</param>
/// <param name="Published">False when the call needed no new record (e.g. cancelling a cancelled signal).</param>
public sealed record PublishResult(Signal Signal, int Partition, long Offset, bool Published);
