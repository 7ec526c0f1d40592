using SignalStreams.Exchange;

namespace SignalStreams.SignalExecutor;

/// <summary>The exchange a user's order goes to, or why there is none.</summary>
/// <param name="Client">The client to use; null when <paramref name="FailureReason"/> says why not.</param>
/// <param name="Venue"><c>paper</c> or <c>binance</c>, for logs and metrics.</param>
/// <param name="FailureReason">A sentence for SignalExecution.failureReason.</param>
public sealed record ExchangeChoice(IExchangeClient? Client, string Venue, string? FailureReason);
