using System.ComponentModel.DataAnnotations;

namespace SignalStreams.SignalExecutor;

/// <summary>The <c>Executor</c> configuration section.</summary>
public sealed class ExecutorOptions
{
    public const string SectionName = "Executor";

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

    /// <summary>
    /// A settled execution leaves the task's local store once its signal has been expired or cancelled this long
    /// (the compacted <c>signal-executions</c> topic keeps the history for signal-api). Default one day.
    /// </summary>
    public TimeSpan StateRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often each task looks for signals whose executions are past <see cref="StateRetention"/>.</summary>
    [Range(100, 3_600_000)]
    public int RetentionCheckIntervalMs { get; set; } = 60_000;

    /// <summary>
    /// How often each task takes the exchange's answers from the dispatcher onto its own thread (Streamiz punctuation:
    /// 10 ms at least). Every execution waits for this three times (claim, order, confirm), so it is the executor's
    /// largest fixed latency after Kafka's.
    /// </summary>
    [Range(10, 10_000)]
    public int AnswerPollMs { get; set; } = 10;

    /// <summary>
    /// Answer schedules per task, at <see cref="AnswerPollMs"/>, +1, +3, +6 ... ms. Streamiz runs a schedule once its
    /// interval has passed since its last run, so an answer arriving just after a run waits the whole interval; schedules
    /// of slightly different intervals drift apart and take answers every few ms between them (measured: docs in the README).
    /// </summary>
    [Range(1, 8)]
    public int AnswerPollers { get; set; } = 3;

    /// <summary>How often each open position's protective orders are asked about (fills are noticed this late at best).</summary>
    [Range(100, 3_600_000)]
    public int ProtectionCheckIntervalMs { get; set; } = 5000;

    /// <summary>
    /// Request weight per minute the fill detection may spend per exchange endpoint (Binance counts weight per IP:
    /// futures 2400/min, spot 6000/min; the default leaves half of futures' for entries and closes). A futures check
    /// costs 2 (two algo-order queries), a spot check 4 (one order query).
    /// </summary>
    [Range(1, 1_000_000)]
    public int ProtectionCheckWeightPerMinute { get; set; } = 1200;

    /// <summary>
    /// Keep one user data stream per user with an open protected position (futures: listen key, spot: WebSocket API
    /// subscription): an order update naming a protective order makes the position's check run at once. Off = order
    /// queries alone, every <see cref="ProtectionCheckIntervalMs"/>.
    /// </summary>
    public bool UserDataStreams { get; set; } = true;

    /// <summary>
    /// How often the positions of a user whose stream is connected are still asked about (the fallback for events a
    /// stream may lose); users without a live stream are checked every <see cref="ProtectionCheckIntervalMs"/>.
    /// </summary>
    [Range(100, 86_400_000)]
    public int StreamedProtectionCheckIntervalMs { get; set; } = 60_000;

    /// <summary>How often a futures listen key is kept alive (Binance: it expires 60 minutes after the last keep-alive).</summary>
    [Range(1, 59)]
    public int UserDataStreamKeepAliveMinutes { get; set; } = 30;

    /// <summary>
    /// New user data stream connections per minute per exchange endpoint (Binance spot allows 300 per 5 minutes per IP);
    /// a stream that would exceed it waits and its positions are checked by queries meanwhile.
    /// </summary>
    [Range(1, 1_000_000)]
    public int UserDataStreamConnectsPerMinute { get; set; } = 60;
}
