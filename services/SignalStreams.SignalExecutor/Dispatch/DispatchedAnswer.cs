using SignalStreams.SignalExecutor.Machine;

namespace SignalStreams.SignalExecutor.Dispatch;

/// <summary>The answer to a call, queued for the stream task that owns <paramref name="Partition"/>.</summary>
public sealed record DispatchedAnswer(int Partition, ExchangeCall Call, CallResult Result);
