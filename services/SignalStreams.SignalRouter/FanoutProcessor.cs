using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Streams;

namespace SignalStreams.SignalRouter;

/// <summary>
/// Per partition of <c>signals</c>: the first time a signal is seen executable (ACTIVE, or legacy EXECUTED, before
/// expiresAt) it emits one <c>execution-commands</c> record per user whose settings admit it, keyed by userId; a
/// republished signal is not fanned out again. A timer publishes ACTIVE signals as EXPIRED once expiresAt passes.
/// </summary>
/// <remarks>
/// The commands are acknowledged before the state saying "fanned out" is written, and both before the signal's
/// offset is committed. After a crash in between, the signal is processed again and the commands may be emitted
/// twice (the executor refuses the duplicates), but never lost.
/// </remarks>
public sealed class FanoutProcessor(
    GlobalTable<UserSettings> users,
    TopicNames topics,
    IOptions<RouterOptions> options,
    RouterMetrics metrics,
    ILogger<FanoutProcessor> logger) : IRecordProcessor
{
    public const string StoreName = "fanouts";

    private readonly TimeSpan _finishedRetention = TimeSpan.FromHours(options.Value.FinishedSignalRetentionHours);

    public async Task InitAsync(TaskContext context, CancellationToken cancellationToken)
    {
        // Fanning out before every user is known would silently skip users.
        await users.Loaded.WaitAsync(cancellationToken);
        context.Schedule(TimeSpan.FromMilliseconds(options.Value.ExpiryCheckIntervalMs), ExpireDueAsync);
    }

    public async Task ProcessAsync(StreamRecord record, ProcessorContext context, CancellationToken cancellationToken)
    {
        var store = context.Store<FanoutState>(StoreName);
        if (record.Key is { } deleted && record.Value is null)
        {
            store.Delete(deleted);
            return;
        }

        var signal = record.Read(ContractsJsonContext.Default.Signal, SignalValidator.Validate);
        if (record.Key != signal.SignalId)
        {
            throw new PoisonRecordException($"Record {record} has key '{record.Key}' but signalId '{signal.SignalId}'; signals are keyed by signalId.");
        }

        var now = context.Time.GetUtcNow();
        var known = store.Get(signal.SignalId);
        if (signal.IsExecutableAt(now) && known?.FannedOutAt is null)
        {
            var recipients = FanOut(signal, context, now);

            // "Fanned out" may only become durable after the commands are: otherwise a crash in between leaves a
            // state that suppresses the replayed fan-out while the commands themselves were lost.
            await context.FlushAsync();
            store.Put(signal.SignalId, new FanoutState { Signal = signal, FannedOutAt = now, Recipients = recipients }, RetentionOf(signal, now));
            return;
        }

        // A republished, expired, cancelled or late signal: remember its latest version, emit nothing.
        store.Put(signal.SignalId, (known ?? new FanoutState { Signal = signal }) with { Signal = signal }, RetentionOf(signal, now));
    }

    private int FanOut(Signal signal, ProcessorContext context, DateTimeOffset now)
    {
        var recipients = 0;
        foreach (var (userId, settings) in users.Snapshot())
        {
            var rejection = settings.RejectionReason(signal);
            if (rejection is not null)
            {
                metrics.Filtered(rejection);
                continue;
            }

            var command = new ExecutionCommand { SignalId = signal.SignalId, UserId = userId, Signal = signal, Trigger = ExecutionTrigger.Fanout, IssuedAt = now };
            context.Send(topics.ExecutionCommands, userId, command, ContractsJsonContext.Default.ExecutionCommand, SchemaNames.ExecutionCommand);
            recipients++;
        }

        metrics.FannedOut(recipients);
        logger.LogInformation("Fanned out {SignalId} ({Symbol} {Side} {Strength}) to {Recipients} of {Users} users", signal.SignalId, signal.Symbol, signal.Side, signal.Strength, recipients, users.Count);
        return recipients;
    }

    private async Task ExpireDueAsync(ProcessorContext context, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        var store = context.Store<FanoutState>(StoreName);
        foreach (var (signalId, state) in store.All())
        {
            if (state.ExpiredAt is not null || state.Signal.Status is not (SignalStatus.Active or SignalStatus.Executed) || state.Signal.ExpiresAt > now)
            {
                continue;
            }

            var expired = state.Signal with { Status = SignalStatus.Expired };
            context.Send(topics.Signals, signalId, expired, ContractsJsonContext.Default.Signal, SchemaNames.Signal);
            metrics.Expired();
            logger.LogInformation("Expired {SignalId} at {ExpiresAt}", signalId, state.Signal.ExpiresAt);

            // As for a fan-out: "expired" is remembered only once the EXPIRED record is durable, so a crash in
            // between republishes it instead of losing it.
            await context.FlushAsync();
            store.Put(signalId, state with { ExpiredAt = now }, _finishedRetention);
        }
    }

    private TimeSpan RetentionOf(Signal signal, DateTimeOffset now) =>
        (signal.ExpiresAt > now ? signal.ExpiresAt - now : TimeSpan.Zero) + _finishedRetention;
}
