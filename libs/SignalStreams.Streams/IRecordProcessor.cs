namespace SignalStreams.Streams;

/// <summary>
/// The code a partitioned processor runs. One instance serves every task; per-task state belongs in the stores.
/// At-least-once: a record may be processed again after a crash or rebalance, and then finds its own earlier
/// store writes, so make the effect idempotent (e.g. remember what was processed in a store).
/// </summary>
public interface IRecordProcessor
{
    /// <summary>Called once per task after its stores are restored and before its first record.</summary>
    Task InitAsync(TaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Handles one record. Throw <see cref="PoisonRecordException"/> for a record that can never succeed (it is
    /// dead-lettered); any other exception retries the record with capped exponential backoff, never skipping it.
    /// </summary>
    Task ProcessAsync(StreamRecord record, ProcessorContext context, CancellationToken cancellationToken);
}
