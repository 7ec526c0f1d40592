using System.ComponentModel.DataAnnotations;

namespace SignalStreams.SignalExecutor;

/// <summary>The <c>Executor</c> configuration section.</summary>
public sealed class ExecutorOptions
{
    public const string SectionName = "Executor";

    /// <summary>Consumer group; instances with the same id share the userId partitions.</summary>
    public string ApplicationId { get; set; } = "signal-executor";

    /// <summary>Users executed concurrently per partition (one user's commands always run in order).</summary>
    [Range(1, 256)]
    public int MaxConcurrentUsersPerPartition { get; set; } = 16;

    /// <summary>How long a Redis claim on a (signal, user) lasts while its order is in flight.</summary>
    [Range(5, 3600)]
    public int ClaimLeaseSeconds { get; set; } = 60;

    /// <summary>How long Redis remembers that a (signal, user) is done (well beyond any signal's lifetime).</summary>
    [Range(1, 24 * 90)]
    public int DoneMarkerHours { get; set; } = 24 * 7;

    /// <summary>How often each task reconciles its <c>pending</c> records with the exchange.</summary>
    [Range(100, 600_000)]
    public int ReconcileIntervalMs { get; set; } = 2000;

    /// <summary>A pending record younger than this is left to the attempt that wrote it.</summary>
    [Range(0, 600_000)]
    public int ReconcileGraceMs { get; set; } = 5000;

    /// <summary>
    /// How long after it was made a request (or command) for a signal the signals table does not hold yet is retried
    /// before it is blocked as <c>unknown_signal</c>: the table may lag behind the API's view that accepted it.
    /// </summary>
    [Range(0, 600_000)]
    public int UnknownSignalWaitMs { get; set; } = 10_000;

    /// <summary>
    /// A lookup that finds no order counts as "never placed" (place again, or fail once the signal is no longer
    /// executable) only when made this long after the last call that may have sent the order: the exchange's lookup
    /// is eventually consistent, and an order that shows up late must be found, never placed a second time.
    /// </summary>
    [Range(0, 600_000)]
    public int NotFoundConfirmationMs { get; set; } = 10_000;

    /// <summary>Prefix of the executor's Redis keys.</summary>
    public string RedisKeyPrefix { get; set; } = "exec:";

    /// <summary>librdkafka consumer properties for the executor's group (e.g. <c>session.timeout.ms</c>).</summary>
    public Dictionary<string, string> Consumer { get; set; } = new(StringComparer.Ordinal);
}
