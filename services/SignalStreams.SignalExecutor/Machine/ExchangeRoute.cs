namespace SignalStreams.SignalExecutor.Machine;

/// <summary>The user's exchange (<c>paper</c> or <c>binance</c>), or why no client can be built for them.</summary>
public sealed record ExchangeRoute(string Venue, string? FailureReason = null)
{
    public bool IsAvailable => FailureReason is null;
}
