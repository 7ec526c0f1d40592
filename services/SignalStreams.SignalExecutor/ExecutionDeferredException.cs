namespace SignalStreams.SignalExecutor;

/// <summary>
/// The (signal, user) cannot be settled now (another instance holds its claim, or the exchange could not tell
/// whether an order exists). The runtime retries the record with backoff; it is never skipped.
/// </summary>
public sealed class ExecutionDeferredException(string message, Exception? inner = null) : Exception(message, inner);
