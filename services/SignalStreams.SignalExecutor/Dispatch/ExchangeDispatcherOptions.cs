using System.ComponentModel.DataAnnotations;

namespace SignalStreams.SignalExecutor.Dispatch;

/// <summary>The <c>Executor:Dispatcher</c> section: one bulkhead per exchange endpoint.</summary>
public sealed class ExchangeDispatcherOptions
{
    public const string SectionName = "Executor:Dispatcher";

    /// <summary>Calls running at once against one endpoint (host of a base URL).</summary>
    [Range(1, 4096)]
    public int MaxInFlightPerEndpoint { get; set; } = 32;

    /// <summary>Calls waiting for a slot of one endpoint; beyond this a call is answered Unknown at once and retried by reconcile.</summary>
    [Range(0, 1_000_000)]
    public int MaxQueuedPerEndpoint { get; set; } = 2000;

    /// <summary>The longest one call may take (claim, lookups, plan, order) before its outcome counts as unknown.</summary>
    [Range(100, 600_000)]
    public int CallTimeoutMs { get; set; } = 60_000;
}
