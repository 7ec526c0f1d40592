using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Redis;
using SignalStreams.Streams;

namespace SignalStreams.SignalExecutor;

/// <summary>
/// One consumer group over <c>execution-commands</c> and <c>execution-requests</c>, both keyed and partitioned by
/// userId. For each (signal, user): dedup on the task's store (changelog <c>signal-executions</c>, partition of
/// the userId) and a Redis claim; the decision on the signal's and the user's CURRENT state; then the attempt is
/// recorded <c>pending</c> and made durable BEFORE the exchange is called, and settled as executed or failed.
/// Users run concurrently; one user's records stay in order.
/// </summary>
public sealed class ExecutionProcessor(
    GlobalTable<Signal> signals,
    GlobalTable<UserSettings> users,
    GlobalTable<EncryptedCredentials> credentials,
    ExecutionRunner runner,
    ExecutionClaims claims,
    KeyedLocks locks,
    ExecutorMetrics metrics,
    PendingExecutions pendingGauge,
    TopicNames topics,
    IOptions<ExecutorOptions> options,
    ILogger<ExecutionProcessor> logger) : IRecordProcessor
{
    public const string StoreName = "executions";
    public const string DuplicateMessage = "You have already executed this signal";

    private readonly ExecutorOptions _options = options.Value;

    public async Task InitAsync(TaskContext context, CancellationToken cancellationToken)
    {
        // Deciding on a half-loaded table would block, filter or fail users wrongly.
        await Task.WhenAll(signals.Loaded, users.Loaded, credentials.Loaded).WaitAsync(cancellationToken);
        context.Schedule(TimeSpan.FromMilliseconds(_options.ReconcileIntervalMs), ReconcilePendingAsync);
    }

    public async Task ProcessAsync(StreamRecord record, ProcessorContext context, CancellationToken cancellationToken)
    {
        var attempt = Parse(record);
        using (await locks.LockAsync(attempt.Key, cancellationToken))
        {
            await HandleAsync(attempt, context, cancellationToken);
        }
    }

    private async Task HandleAsync(ExecutionAttempt attempt, ProcessorContext context, CancellationToken cancellationToken)
    {
        var store = context.Store<SignalExecution>(StoreName);
        var signal = ExecutionPolicy.Current(signals.Get(attempt.SignalId), attempt.Snapshot);
        var settings = users.Get(attempt.UserId);
        if (store.TryGet(attempt.Key, out var existing))
        {
            if (existing.Status == ExecutionStatus.Pending)
            {
                // A replay after a crash or a deferral: settle the earlier attempt, never start a second one.
                await ReconcileAsync(existing, signal, settings, context, deferIfHeld: true, cancellationToken);
                return;
            }

            Refuse(attempt, existing.Status.ToString());
            return;
        }

        var now = context.Time.GetUtcNow();
        if (signal is null && now - attempt.IssuedAt < TimeSpan.FromMilliseconds(_options.UnknownSignalWaitMs))
        {
            // A manual request carries no snapshot, and the API accepted it because ITS view had the signal: the
            // signals table here follows the topic on its own and may simply be behind. Retried, not dropped.
            throw new ExecutionDeferredException($"Signal {attempt.SignalId} is not in the executor's signals table yet; the request waits for it for up to {_options.UnknownSignalWaitMs} ms.");
        }

        var decision = ExecutionPolicy.Decide(signal, settings, attempt.Trigger, now, OpenPositionsOf(store, attempt.UserId, settings));
        if (decision.Verdict == ExecutionVerdict.Filtered)
        {
            metrics.Filtered(decision.Reason!);
            logger.LogDebug("Filtered {SignalId} for {UserId}: {Reason}", attempt.SignalId, attempt.UserId, decision.Reason);
            return;
        }

        if (decision.Verdict == ExecutionVerdict.Blocked)
        {
            metrics.Blocked(decision.Reason!);
            logger.LogInformation("Blocked {SignalId} for {UserId}: {Reason}", attempt.SignalId, attempt.UserId, decision.Reason);
            return;
        }

        // The store has no record of the pair, so it agrees with a First claim that no order can exist; anything
        // else (Again, or Redis unavailable) means an earlier attempt may have placed one: look it up first.
        var claim = await claims.ClaimAsync(attempt.SignalId, attempt.UserId);
        switch (claim)
        {
            case ClaimStatus.Done:
                Refuse(attempt, "done elsewhere");
                return;
            case ClaimStatus.Held:
                throw new ExecutionDeferredException($"Another executor instance is executing {attempt.Key} right now.");
        }

        var pending = ExecutionRecords.Pending(attempt, settings, now);
        store.Put(pending.Key, pending);
        await context.FlushAsync();
        metrics.Recorded("pending");
        await runner.SettleAsync(pending, signal!, settings!, lookupFirst: claim != ClaimStatus.First, context, cancellationToken);
    }

    private async Task ReconcileAsync(SignalExecution pending, Signal? signal, UserSettings? settings, ProcessorContext context, bool deferIfHeld, CancellationToken cancellationToken)
    {
        if (signal is null)
        {
            var failed = ExecutionRecords.Failed(pending, "The signal no longer exists, so the order's outcome could not be settled.", null, context.Time.GetUtcNow());
            context.Store<SignalExecution>(StoreName).Put(failed.Key, failed);
            await context.FlushAsync();
            metrics.Recorded("failed");
            return;
        }

        // A pending record means an attempt existed whatever Redis says (it may have lost its data): only a live
        // claim of another instance stops this one, and the settlement below always looks the order up first.
        if (await claims.ClaimAsync(pending.SignalId, pending.UserId) == ClaimStatus.Held)
        {
            if (deferIfHeld)
            {
                throw new ExecutionDeferredException($"Another executor instance is executing {pending.Key} right now.");
            }

            return;
        }

        if (settings is null)
        {
            // The user was deleted while the order's outcome was unknown: the order may well have filled, so it is
            // looked up (never placed) on the exchange the user's stored state points to.
            await runner.SettleWithoutUserAsync(pending, signal, StandInFor(pending.UserId), context, cancellationToken);
            return;
        }

        await runner.SettleAsync(pending, signal, settings, lookupFirst: true, context, cancellationToken);
    }

    /// <summary>Settles pending records left by a crash or an unknown outcome (after restore, and periodically).</summary>
    private async Task ReconcilePendingAsync(ProcessorContext context, CancellationToken cancellationToken)
    {
        var cutoff = context.Time.GetUtcNow() - TimeSpan.FromMilliseconds(_options.ReconcileGraceMs);
        var allPending = context.Store<SignalExecution>(StoreName).All().Values.Where(e => e.Status == ExecutionStatus.Pending).ToList();
        using var scan = pendingGauge.Scanned(context.Partition, allPending);
        foreach (var pending in allPending.Where(e => e.UpdatedAt <= cutoff))
        {
            using var held = locks.TryLock(pending.Key);
            if (held is null)
            {
                continue;
            }

            try
            {
                await ReconcileAsync(pending, signals.Get(pending.SignalId), users.Get(pending.UserId), context, deferIfHeld: false, cancellationToken);
            }
            catch (ExecutionDeferredException e)
            {
                logger.LogInformation("Pending {SignalId} for {UserId} stays pending: {Reason}", pending.SignalId, pending.UserId, e.Message);
            }
        }
    }

    /// <summary>
    /// The user's executed and pending executions on this task (a user's records all live on the partition of the
    /// userId, and one user's records run in order). Nothing closes a position yet, so each of them is still open.
    /// Counted only when the user has a limit.
    /// </summary>
    private static int OpenPositionsOf(IReadOnlyKeyValueStore<SignalExecution> store, string userId, UserSettings? settings) =>
        settings?.MaxOpenPositions is null
            ? 0
            : store.All().Values.Count(e => e.UserId == userId && e.Status is ExecutionStatus.Executed or ExecutionStatus.Pending);

    /// <summary>Enough of a deleted user to pick the exchange to look up on: Binance if credentials are stored, else paper.</summary>
    private UserSettings StandInFor(string userId) => new()
    {
        UserId = userId,
        BotEnabled = false,
        Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = 1m },
        PaperTrading = !credentials.TryGet(userId, out _),
    };

    private void Refuse(ExecutionAttempt attempt, string existing)
    {
        metrics.DuplicateRefused();
        logger.LogInformation("Refused {SignalId} for {UserId} ({Trigger}): " + DuplicateMessage + " (existing record: {Existing})", attempt.SignalId, attempt.UserId, attempt.Trigger, existing);
    }

    private ExecutionAttempt Parse(StreamRecord record)
    {
        ExecutionAttempt attempt;
        if (record.Topic == topics.ExecutionCommands)
        {
            var command = record.Read(ContractsJsonContext.Default.ExecutionCommand, c => c.Validate());
            attempt = new ExecutionAttempt(command.SignalId, command.UserId, command.Trigger, command.Signal, command.IssuedAt);
        }
        else
        {
            var request = record.Read(ContractsJsonContext.Default.ExecutionRequest, r => r.Validate());
            attempt = new ExecutionAttempt(request.SignalId, request.UserId, ExecutionTrigger.Manual, null, request.RequestedAt);
        }

        return record.Key == attempt.UserId
            ? attempt
            : throw new PoisonRecordException($"Record {record} has key '{record.Key}' but userId '{attempt.UserId}'; executions are keyed by userId.");
    }
}
