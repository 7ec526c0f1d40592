using SignalStreams.Contracts;

namespace SignalStreams.SignalApi.Webhooks;

/// <summary>
/// 202 answer of the TradingView webhook: the signal the alert maps to and its status. <c>duplicate</c> is true when
/// the alert was delivered before and nothing new was published.
/// </summary>
public sealed record TradingViewAccepted(string SignalId, SignalStatus Status, bool Duplicate);
