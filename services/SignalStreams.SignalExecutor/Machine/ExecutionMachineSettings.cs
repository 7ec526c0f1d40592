namespace SignalStreams.SignalExecutor.Machine;

/// <summary>The machine's timings (from <c>Executor:*</c>).</summary>
/// <param name="ReconcileGrace">A pending record whose call is not in flight is looked up this long after its last step.</param>
/// <param name="UnknownSignalWait">A request for a signal the table does not hold yet is retried this long after it was made.</param>
/// <param name="NotFoundConfirmation">"Not found" counts as "never placed" only from a lookup this long after the last uncertain call.</param>
/// <param name="UnknownSignalRetry">How often such a request is retried.</param>
public sealed record ExecutionMachineSettings(TimeSpan ReconcileGrace, TimeSpan UnknownSignalWait, TimeSpan NotFoundConfirmation, TimeSpan UnknownSignalRetry)
{
    public static ExecutionMachineSettings From(ExecutorOptions options) => new(
        TimeSpan.FromMilliseconds(options.ReconcileGraceMs),
        TimeSpan.FromMilliseconds(options.UnknownSignalWaitMs),
        TimeSpan.FromMilliseconds(options.NotFoundConfirmationMs),
        TimeSpan.FromMilliseconds(Math.Clamp(options.UnknownSignalWaitMs / 10, 100, 1000)));
}
